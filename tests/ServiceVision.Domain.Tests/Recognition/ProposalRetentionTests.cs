using ServiceVision.Domain.Recognition;

namespace ServiceVision.Domain.Tests.Recognition;

public sealed class ProposalRetentionTests
{
    [Fact]
    public void Nothing_is_dropped_while_the_proposals_fit()
    {
        Assert.Empty(ProposalRetention.ToDrop([true, false, true], max: 3));
    }

    [Fact]
    public void The_oldest_decided_proposals_go_first_and_pending_ones_stay()
    {
        // Oldest first: pending, decided, pending, decided, decided.
        Assert.Equal([1, 3], ProposalRetention.ToDrop([false, true, false, true, true], max: 3));
    }

    [Fact]
    public void When_too_many_are_pending_the_oldest_pending_go_after_every_decided_one()
    {
        Assert.Equal([0, 1, 2], ProposalRetention.ToDrop([false, true, false, false], max: 1));
    }

    [Fact]
    public void The_bound_is_kept_exactly()
    {
        var decided = Enumerable.Range(0, ProposalRetention.MaxKept + 25).Select(i => i % 3 == 0).ToList();
        Assert.Equal(25, ProposalRetention.ToDrop(decided).Count);
    }
}
