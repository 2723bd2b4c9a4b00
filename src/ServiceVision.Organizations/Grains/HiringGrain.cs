using ServiceVision.Api;
using ServiceVision.Domain.Hiring;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>
/// Hiring of one organization: the scorecard is derived on demand from the vision grain's current
/// published version; each candidate keeps a copy of the scorecard of the day they were added.
/// Every change is written before the call returns.
/// </summary>
public sealed class HiringGrain : Grain<HiringState>, IHiringGrain
{
    public async Task<Scorecard> GetScorecard()
    {
        var (published, criteria) = await CurrentCriteriaAsync();
        return new Scorecard(published.Number, published.PublishedAt, [.. criteria.Select(c => View(c, LeaderQuestionsOf(c.Id)))]);
    }

    public async Task<LeaderQuestionView> AddQuestion(string criterionId, string? text, string memberId)
    {
        var (_, criteria) = await CurrentCriteriaAsync();
        if (!criteria.Any(c => c.Id == criterionId))
        {
            throw new NotFoundException("The criterion");
        }

        ValidationFailedException.ThrowIfAny(CandidateRules.ValidateQuestion(text));
        var questions = LeaderQuestionsOf(criterionId);
        if (questions.Count >= HiringLimits.MaxLeaderQuestionsPerCriterion)
        {
            throw new ConflictException($"A criterion has at most {HiringLimits.MaxLeaderQuestionsPerCriterion} questions of your own; remove one first.");
        }

        // Questions follow a criterion only while it exists: drop those whose criterion left the vision.
        var current = criteria.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in State.LeaderQuestions.Keys.Where(id => !current.Contains(id)).ToList())
        {
            State.LeaderQuestions.Remove(gone);
        }

        var question = new LeaderQuestionRecord { Id = Ids.New("q"), Text = text!.Trim(), AddedAt = Time.GetUtcNow(), AddedBy = memberId };
        questions.Add(question);
        State.LeaderQuestions[criterionId] = questions;
        await WriteStateAsync();
        return View(criterionId, question);
    }

    public async Task RemoveQuestion(string criterionId, string questionId)
    {
        var questions = State.LeaderQuestions.GetValueOrDefault(criterionId);
        if (questions is null || questions.RemoveAll(q => q.Id == questionId) == 0)
        {
            throw new NotFoundException("The question");
        }

        if (questions.Count == 0)
        {
            State.LeaderQuestions.Remove(criterionId);
        }

        await WriteStateAsync();
    }

    public async Task<CandidateView> CreateCandidate(NewCandidate candidate, string memberId)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ValidationFailedException.ThrowIfAny(CandidateRules.ValidateCandidate(candidate.Name, candidate.Position, candidate.Email));
        var (published, criteria) = await CurrentCriteriaAsync();
        if (criteria.Count == 0)
        {
            throw new ConflictException("The published vision has no pillars, standards, never or always items, so there is nothing to score a candidate on.");
        }

        if (State.Candidates.Count >= HiringLimits.MaxCandidates)
        {
            throw new ConflictException($"An organization keeps at most {HiringLimits.MaxCandidates} candidates; delete old ones first.");
        }

        var record = new CandidateRecord
        {
            Id = Ids.New("cand"),
            Name = candidate.Name!.Trim(),
            Position = candidate.Position!.Trim(),
            Email = string.IsNullOrWhiteSpace(candidate.Email) ? null : candidate.Email.Trim(),
            CreatedAt = Time.GetUtcNow(),
            CreatedBy = memberId,
            Scorecard = new ScorecardRecord
            {
                VisionVersion = published.Number,
                VisionPublishedAt = published.PublishedAt,
                Criteria = [.. criteria.Select(c => Snapshot(c, LeaderQuestionsOf(c.Id)))],
            },
            Revision = 1,
        };
        State.Candidates.Add(record);
        await WriteStateAsync();
        return View(record);
    }

    public Task<IReadOnlyList<CandidateSummary>> ListCandidates() =>
        Task.FromResult<IReadOnlyList<CandidateSummary>>([.. Enumerable.Reverse(State.Candidates).Select(Summary)]);

    public Task<CandidateView> GetCandidate(string candidateId) => Task.FromResult(View(RequireCandidate(candidateId)));

    public async Task<EvaluationView> Evaluate(string candidateId, EvaluationInput evaluation, string memberId)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var candidate = RequireCandidate(candidateId);
        ValidationFailedException.ThrowIfAny(CandidateRules.ValidateEvaluation(evaluation.Scores, evaluation.Notes));
        var scores = new Dictionary<string, int>(evaluation.Scores!, StringComparer.Ordinal);
        ValidationFailedException.ThrowIfAny(CandidateEvaluation.Score(Criteria(candidate), scores).Errors);
        if (candidate.Evaluations.Exists(e => e.InterviewerId == memberId))
        {
            throw new ConflictException("You have evaluated this candidate already; each interviewer gives one evaluation.");
        }

        if (candidate.Evaluations.Count >= HiringLimits.MaxEvaluationsPerCandidate)
        {
            throw new ConflictException($"A candidate has at most {HiringLimits.MaxEvaluationsPerCandidate} evaluations.");
        }

        var record = new EvaluationRecord
        {
            Id = Ids.New("eval"),
            InterviewerId = memberId,
            Scores = scores,
            Notes = TextRules.TrimToNull(evaluation.Notes),
            At = Time.GetUtcNow(),
        };
        candidate.Evaluations.Add(record);
        candidate.Revision++;
        await WriteStateAsync();
        return View(candidate, record);
    }

    public async Task RemoveCandidate(string candidateId, long expectedRevision)
    {
        var candidate = RequireCandidate(candidateId);
        if (expectedRevision != candidate.Revision)
        {
            throw new PreconditionFailedException("The candidate", candidate.Revision);
        }

        State.Candidates.Remove(candidate);
        await WriteStateAsync();
    }

    /// <summary>The current published vision and the criteria derived from it; 409 while nothing is published.</summary>
    private async Task<(PublishedVision Published, IReadOnlyList<HiringCriterion> Criteria)> CurrentCriteriaAsync()
    {
        var published = await GrainFactory.GetGrain<IVisionGrain>($"{TenantId}/vision").GetCurrentVersion()
            ?? throw new ConflictException("Nothing is published yet: hiring criteria are derived from the published vision, so publish it first.");
        var document = new VisionDocument(published.Statement, [.. published.Items.Select(i => new VisionItem(i.Id, i.Kind, i.ParentId, i.Text, i.Order))]);
        return (published, HiringCriteriaBuilder.FromVision(document));
    }

    private List<LeaderQuestionRecord> LeaderQuestionsOf(string criterionId) =>
        State.LeaderQuestions.TryGetValue(criterionId, out var questions) ? questions : [];

    private CandidateRecord RequireCandidate(string candidateId) =>
        State.Candidates.Find(c => c.Id == candidateId) ?? throw new NotFoundException("The candidate");

    private static List<HiringCriterion> Criteria(CandidateRecord candidate) => [.. candidate.Scorecard.Criteria.Select(Criterion)];

    private static HiringCriterion Criterion(CriterionRecord c) => new(c.Id, c.SourceItemId, c.Title, [.. c.InterviewQuestions], c.Weight, c.Kind);

    private static OverallResult Overall(CandidateRecord candidate) =>
        OverallRecommendation.Combine(Criteria(candidate), [.. candidate.Evaluations.Select(e => (IReadOnlyDictionary<string, int>)e.Scores)]);

    private static CriterionRecord Snapshot(HiringCriterion c, List<LeaderQuestionRecord> questions) => new()
    {
        Id = c.Id,
        Kind = c.Kind,
        SourceItemId = c.SourceItemId,
        Title = c.Title,
        Weight = c.Weight,
        InterviewQuestions = [.. c.InterviewQuestions],
        LeaderQuestions = [.. questions.Select(q => new LeaderQuestionRecord { Id = q.Id, Text = q.Text, AddedAt = q.AddedAt, AddedBy = q.AddedBy })],
    };

    private static ScorecardCriterion View(HiringCriterion c, List<LeaderQuestionRecord> questions) =>
        new(c.Id, c.Kind, c.SourceItemId, c.Title, c.Weight, c.IsNonNegotiable, c.InterviewQuestions, [.. questions.Select(q => View(c.Id, q))]);

    private static LeaderQuestionView View(string criterionId, LeaderQuestionRecord q) => new(q.Id, criterionId, q.Text, q.AddedAt, q.AddedBy);

    private static CandidateView View(CandidateRecord c) =>
        new(
            c.Id,
            c.Name,
            c.Position,
            c.Email,
            c.CreatedAt,
            c.CreatedBy,
            new Scorecard(
                c.Scorecard.VisionVersion,
                c.Scorecard.VisionPublishedAt,
                [.. c.Scorecard.Criteria.Select(k => View(Criterion(k), k.LeaderQuestions))]),
            [.. c.Evaluations.Select(e => View(c, e))],
            Overall(c),
            c.Revision);

    private static EvaluationView View(CandidateRecord candidate, EvaluationRecord e)
    {
        var result = CandidateEvaluation.Score(Criteria(candidate), e.Scores);
        return new EvaluationView(e.Id, candidate.Id, e.InterviewerId, new Dictionary<string, int>(e.Scores), e.Notes, e.At, result.WeightedAverage, result.Recommendation, result.MissingCriteria);
    }

    private static CandidateSummary Summary(CandidateRecord c)
    {
        var overall = Overall(c);
        return new CandidateSummary(c.Id, c.Name, c.Position, c.CreatedAt, c.Scorecard.VisionVersion, c.Evaluations.Count, overall.Recommendation, overall.WeightedAverage, c.Revision);
    }
}
