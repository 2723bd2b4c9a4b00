using ServiceVision.Domain.Surveys;
using ServiceVision.Grains;

namespace ServiceVision.Surveys.Abstractions;

/// <summary>
/// One member's survey invitations (key "{org}/survey-member/{memberId}") and which rounds they
/// answered. Their answers are stored in the survey's buckets under a hash of the member id: the
/// response never names the member.
/// </summary>
public interface ISurveyMemberGrain : IGrain
{
    /// <summary>Invites the member (a repeat changes nothing).</summary>
    Task Invite(SurveyInvitation invitation);

    /// <summary>The member's invitations, newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<MemberInvitationView>> ListInvitations();

    /// <summary>
    /// Answers the current round of an invited survey: 404 when not invited, 409 when the survey is
    /// not open or this round is answered already, 400 naming the field.
    /// </summary>
    Task<SubmissionResult> Answer(string surveyId, IReadOnlyList<AnswerInput?>? answers);
}

public sealed record SurveyInvitation(string SurveyId, string Title, SurveyKind Kind, DateTimeOffset InvitedAt);

public sealed record MemberInvitationView(string SurveyId, string Title, SurveyKind Kind, DateTimeOffset InvitedAt, IReadOnlyList<int> AnsweredRounds);
