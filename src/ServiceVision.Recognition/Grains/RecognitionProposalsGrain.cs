using ServiceVision.Api;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Domain.Recognition;
using ServiceVision.Grains;
using ServiceVision.Recognition.Abstractions;

namespace ServiceVision.Recognition.Grains;

/// <summary>What the proposals grain stores: the proposals, in the order proposed (at most <see cref="ProposalRetention.MaxKept"/>).</summary>
public sealed class RecognitionProposalsState
{
    public List<RecognitionProposalRecord> Proposals { get; set; } = [];
}

public sealed class RecognitionProposalRecord
{
    public string Id { get; set; } = "";

    public string MemberId { get; set; } = "";

    public string MemberName { get; set; } = "";

    public string ResponseId { get; set; } = "";

    public string SurveyId { get; set; } = "";

    public string? LocationId { get; set; }

    public string Comment { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset ProposedAt { get; set; }

    public ProposalStatus Status { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? RecognitionId { get; set; }
}

/// <summary>Recognitions proposed from customers' comments; see <see cref="IRecognitionProposalsGrain"/>.</summary>
public sealed class RecognitionProposalsGrain : Grain<RecognitionProposalsState>, IRecognitionProposalsGrain
{
    public async Task<int> ProposeFromFeedback(CustomerFeedbackReceived feedback, IReadOnlyList<NamedMember> named)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        ArgumentNullException.ThrowIfNull(named);
        var now = Time.GetUtcNow();
        var comment = feedback.Comment?.Trim() ?? "";
        var added = 0;
        foreach (var member in named)
        {
            // Idempotent on the response (and member): a redelivered event proposes nothing new.
            if (State.Proposals.Exists(p => p.ResponseId == feedback.ResponseId && p.MemberId == member.Id))
            {
                continue;
            }

            State.Proposals.Add(new RecognitionProposalRecord
            {
                Id = RecognitionKeys.NewId("rpr"),
                MemberId = member.Id,
                MemberName = member.Name,
                ResponseId = feedback.ResponseId,
                SurveyId = feedback.SurveyId,
                LocationId = feedback.LocationId,
                Comment = comment.Length > RecognitionRules.MaxStoryLength ? comment[..RecognitionRules.MaxStoryLength] : comment,
                ReceivedAt = feedback.ReceivedAt,
                ProposedAt = now,
            });
            added++;
        }

        if (added > 0)
        {
            var drop = ProposalRetention.ToDrop([.. State.Proposals.Select(p => p.Status != ProposalStatus.Pending)]);
            for (var i = drop.Count - 1; i >= 0; i--)
            {
                State.Proposals.RemoveAt(drop[i]);
            }

            await WriteStateAsync();
        }

        return added;
    }

    public Task<PagedList<RecognitionProposalView>> List(ProposalStatus? status, PageRequest page) =>
        Task.FromResult(PagedList.Of(
            Enumerable.Reverse(State.Proposals).Where(p => status is null || p.Status == status).Select(View),
            page));

    public async Task<RecognitionView> Accept(string proposalId, ProposalAcceptance acceptance, string leaderId)
    {
        ArgumentNullException.ThrowIfNull(acceptance);
        var proposal = Require(proposalId);
        if (proposal.Status != ProposalStatus.Pending)
        {
            throw new ConflictException($"This proposal was {proposal.Status.ToString().ToLowerInvariant()} already.");
        }

        var story = string.IsNullOrWhiteSpace(acceptance.Story) ? proposal.Comment : acceptance.Story;
        var now = Time.GetUtcNow();
        // The recognition's id derives from the proposal's, so a retry after a failed write below stores nothing twice.
        var recognition = await RecognitionGiving.GiveAsync(
            GrainFactory,
            TenantId,
            leaderId,
            new RecognitionInput(proposal.MemberId, story, acceptance.PillarIds, acceptance.StandardIds, proposal.ResponseId),
            now,
            idSuffix: proposal.Id[(proposal.Id.IndexOf('_', StringComparison.Ordinal) + 1)..]);
        proposal.Status = ProposalStatus.Accepted;
        proposal.DecidedBy = leaderId;
        proposal.DecidedAt = now;
        proposal.RecognitionId = recognition.Id;
        await WriteStateAsync();
        return recognition;
    }

    public async Task<RecognitionProposalView> Dismiss(string proposalId, string leaderId)
    {
        var proposal = Require(proposalId);
        if (proposal.Status != ProposalStatus.Pending)
        {
            throw new ConflictException($"This proposal was {proposal.Status.ToString().ToLowerInvariant()} already.");
        }

        proposal.Status = ProposalStatus.Dismissed;
        proposal.DecidedBy = leaderId;
        proposal.DecidedAt = Time.GetUtcNow();
        await WriteStateAsync();
        return View(proposal);
    }

    private RecognitionProposalRecord Require(string proposalId) =>
        State.Proposals.Find(p => p.Id == proposalId) ?? throw new NotFoundException("The proposal");

    private static RecognitionProposalView View(RecognitionProposalRecord p) =>
        new(p.Id, p.MemberId, p.MemberName, p.ResponseId, p.SurveyId, p.LocationId, p.Comment, p.ReceivedAt, p.ProposedAt, p.Status, p.DecidedBy, p.DecidedAt, p.RecognitionId);
}
