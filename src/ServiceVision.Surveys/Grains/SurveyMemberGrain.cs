using ServiceVision.Api;
using ServiceVision.Domain.Surveys;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Surveys.Abstractions;

namespace ServiceVision.Surveys.Grains;

public sealed class SurveyMemberState
{
    public List<InvitationRecord> Invitations { get; set; } = [];
}

public sealed class InvitationRecord
{
    public string SurveyId { get; set; } = "";

    public string Title { get; set; } = "";

    public SurveyKind Kind { get; set; }

    public DateTimeOffset InvitedAt { get; set; }

    public List<int> AnsweredRounds { get; set; } = [];
}

/// <summary>A member's survey invitations; see <see cref="ISurveyMemberGrain"/>.</summary>
public sealed class SurveyMemberGrain : Grain<SurveyMemberState>, ISurveyMemberGrain
{
    /// <summary>The most invitations kept per member (the oldest go first).</summary>
    public const int MaxInvitations = 500;

    private string MemberId => GrainKey[(GrainKey.LastIndexOf(GrainId.TenantSeparator) + 1)..];

    public async Task Invite(SurveyInvitation invitation)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        if (State.Invitations.Exists(i => i.SurveyId == invitation.SurveyId))
        {
            return;
        }

        if (State.Invitations.Count >= MaxInvitations)
        {
            State.Invitations.RemoveAt(0);
        }

        State.Invitations.Add(new InvitationRecord { SurveyId = invitation.SurveyId, Title = invitation.Title, Kind = invitation.Kind, InvitedAt = invitation.InvitedAt });
        await WriteStateAsync();
    }

    public Task<IReadOnlyList<MemberInvitationView>> ListInvitations() =>
        Task.FromResult<IReadOnlyList<MemberInvitationView>>([.. Enumerable.Reverse(State.Invitations)
            .Select(i => new MemberInvitationView(i.SurveyId, i.Title, i.Kind, i.InvitedAt, [.. i.AnsweredRounds]))]);

    public async Task<SubmissionResult> Answer(string surveyId, IReadOnlyList<AnswerInput?>? answers)
    {
        var invitation = State.Invitations.Find(i => i.SurveyId == surveyId) ?? throw new NotFoundException("Your invitation to this survey");
        var survey = await GrainFactory.GetGrain<ISurveyGrain>(SurveysKeys.Survey(TenantId, surveyId)).GetSubmissionContext();
        if (survey.Status != SurveyStatus.Open)
        {
            throw new ConflictException("This survey is not open for responses.");
        }

        if (invitation.AnsweredRounds.Contains(survey.Round))
        {
            throw new ConflictException("You answered this round of the survey already.");
        }

        var checkedResponse = SurveyRules.CheckResponse(survey.Questions, answers);
        ValidationFailedException.ThrowIfAny(checkedResponse.Errors);

        // The groups a response reports for are the member's at the time of answering; the response
        // itself is stored under a hash of the member id, never the id.
        var member = await GrainFactory.GetGrain<IOrganizationGrain>(TenantId).FindMember(MemberId) ?? throw new NotFoundException("The member");
        var (hash, shard) = SurveysKeys.HashRespondent(survey.Secret, "member:" + MemberId);
        var result = await GrainFactory.GetGrain<IResponseBucketGrain>(SurveysKeys.Bucket(TenantId, surveyId, survey.Round, shard))
            .Add(new NewResponse(hash, null, member.LocationId, member.DepartmentId, null, null, checkedResponse.Answers, true, null));
        invitation.AnsweredRounds.Add(survey.Round);
        await WriteStateAsync();
        return new SubmissionResult(result.ResponseId, result.SubmittedAt, !result.Created);
    }
}
