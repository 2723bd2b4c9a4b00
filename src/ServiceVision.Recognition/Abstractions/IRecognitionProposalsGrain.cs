using ServiceVision.Api;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Domain.Recognition;
using ServiceVision.Grains;

namespace ServiceVision.Recognition.Abstractions;

/// <summary>
/// Recognitions proposed to leaders because a customer's comment named a member
/// (key "{organizationId}/recognition-proposals"). One proposal per feedback response and member.
/// </summary>
public interface IRecognitionProposalsGrain : IGrain
{
    /// <summary>Proposes a recognition of each named member; a response seen before proposes nothing new. Returns how many were new.</summary>
    Task<int> ProposeFromFeedback(CustomerFeedbackReceived feedback, IReadOnlyList<NamedMember> named);

    [ReadOnly]
    Task<PagedList<RecognitionProposalView>> List(ProposalStatus? status, PageRequest page);

    /// <summary>
    /// A leader accepts: the recognition is given by the leader, linked to the response, with the
    /// pillars they choose. 404, 409 when decided already, 400 as for any recognition.
    /// </summary>
    Task<RecognitionView> Accept(string proposalId, ProposalAcceptance acceptance, string leaderId);

    /// <summary>A leader dismisses it: 404, 409 when decided already.</summary>
    Task<RecognitionProposalView> Dismiss(string proposalId, string leaderId);
}

public enum ProposalStatus
{
    Pending,
    Accepted,
    Dismissed,
}

/// <param name="Story">Defaults to the customer's comment.</param>
public sealed record ProposalAcceptance(string? Story, IReadOnlyList<string?>? PillarIds, IReadOnlyList<string?>? StandardIds);

public sealed record RecognitionProposalView(
    string Id,
    string MemberId,
    string MemberName,
    string ResponseId,
    string SurveyId,
    string? LocationId,
    string Comment,
    DateTimeOffset ReceivedAt,
    DateTimeOffset ProposedAt,
    ProposalStatus Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? RecognitionId);
