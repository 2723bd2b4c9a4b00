using ServiceVision.Domain.Hiring;
using Xunit;

namespace ServiceVision.Domain.Tests.Hiring;

public sealed class CandidateRulesTests
{
    [Fact]
    public void A_candidate_needs_a_name_and_a_position_and_the_email_is_optional()
    {
        Assert.Empty(CandidateRules.ValidateCandidate("Ana Diaz", "Barista", null));
        Assert.Empty(CandidateRules.ValidateCandidate("Ana Diaz", "Barista", " "));
        Assert.Empty(CandidateRules.ValidateCandidate("Ana Diaz", "Barista", "ana@example.com"));
        Assert.Equal(["name", "position", "email"], CandidateRules.ValidateCandidate(" ", null, "not an address").Select(e => e.Field));
    }

    [Fact]
    public void Names_are_one_line_of_at_most_100_characters()
    {
        Assert.Equal(["name", "position"], CandidateRules.ValidateCandidate("Ana\nDiaz", new string('p', 101), null).Select(e => e.Field));
    }

    [Fact]
    public void A_question_is_required_and_at_most_500_characters()
    {
        Assert.Empty(CandidateRules.ValidateQuestion("Tell me about a time you remembered a regular's order."));
        Assert.Equal("text", Assert.Single(CandidateRules.ValidateQuestion("")).Field);
        Assert.Equal("text", Assert.Single(CandidateRules.ValidateQuestion(new string('q', 501))).Field);
    }

    [Fact]
    public void An_evaluation_scores_at_least_one_criterion_and_notes_are_bounded()
    {
        Assert.Empty(CandidateRules.ValidateEvaluation(new Dictionary<string, int> { ["pillar-p1"] = 4 }, "Warm with guests.\nQuick."));
        Assert.Equal("scores", Assert.Single(CandidateRules.ValidateEvaluation(null, null)).Field);
        Assert.Equal("scores", Assert.Single(CandidateRules.ValidateEvaluation(new Dictionary<string, int>(), null)).Field);
        Assert.Equal("notes", Assert.Single(CandidateRules.ValidateEvaluation(new Dictionary<string, int> { ["x"] = 1 }, new string('n', 4001))).Field);
    }

    [Fact]
    public void A_scores_object_larger_than_any_vision_is_refused_before_scoring()
    {
        var scores = Enumerable.Range(0, CandidateRules.MaxScores + 1).ToDictionary(i => $"c{i}", _ => 3);

        Assert.Equal("scores", Assert.Single(CandidateRules.ValidateEvaluation(scores, null)).Field);
    }
}
