using ServiceVision.Domain.Training;

namespace ServiceVision.Domain.Tests.Training;

public sealed class RolloutTallyTests
{
    private static readonly DateTimeOffset Due = new(2030, 1, 31, 17, 0, 0, TimeSpan.Zero);

    private static RolloutMemberProgress Completed(int score) => RolloutMemberProgress.Pending.Advance(RolloutMemberStatus.Completed, score);

    /// <summary>Members of every status with scores 0-100, from a seed, so the equality is checked on many mixes.</summary>
    private static List<RolloutMemberProgress> Members(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.Next(4) switch
        {
            0 => RolloutMemberProgress.Pending,
            1 => RolloutMemberProgress.Pending.Advance(RolloutMemberStatus.Assigned),
            2 => RolloutMemberProgress.Pending.Advance(RolloutMemberStatus.Started),
            _ => Completed(random.Next(101)),
        })];
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(900, 3, 2)]
    [InlineData(1_000, 3, 3)]
    [InlineData(5_003, 13, 4)]
    public void Adding_up_the_tallies_of_the_shards_gives_exactly_the_progress_counted_over_every_member(int count, int shards, int seed)
    {
        var members = Members(count, seed);
        var parts = members.Select((m, i) => (m, i)).GroupBy(p => p.i % shards, p => p.m).Select(RolloutTally.Of).ToList();

        foreach (var now in new[] { Due.AddDays(-1), Due, Due.AddTicks(1) })
        {
            Assert.Equal(RolloutProgress.Of(members, Due, now), RolloutTally.Sum(parts).ToProgress(Due, now));
        }
    }

    [Fact]
    public void The_combined_average_is_rounded_once_over_all_scores_not_averaged_per_shard()
    {
        // Shard a: 90 and 85 (87.5); shard b: 81. Averages of averages would give 84.25; over all: 256 / 3 = 85.33 -> 85.3.
        var a = RolloutTally.Of([Completed(90), Completed(85)]);
        var b = RolloutTally.Of([Completed(81)]);

        var progress = (a + b).ToProgress(Due, Due.AddDays(-1));

        Assert.Equal(85.3m, progress.AverageScore);
        Assert.Equal(RolloutProgress.Of([Completed(90), Completed(85), Completed(81)], Due, Due.AddDays(-1)), progress);
    }

    [Fact]
    public void A_half_score_rounds_away_from_zero_after_combining()
    {
        // 1 / 4 = 0.25: away from zero 0.3 (to even would give 0.2).
        var progress = (RolloutTally.Of([Completed(1), Completed(0)]) + RolloutTally.Of([Completed(0), Completed(0)])).ToProgress(Due, Due.AddDays(-1));

        Assert.Equal(0.3m, progress.AverageScore);
    }

    [Fact]
    public void Overdue_is_derived_from_the_sum_after_the_due_date_and_zero_before()
    {
        var pending = RolloutTally.AllPending(3);
        var done = RolloutTally.Of([Completed(70)]);

        Assert.Equal(0, (pending + done).ToProgress(Due, Due).Overdue);
        Assert.Equal(3, (pending + done).ToProgress(Due, Due.AddTicks(1)).Overdue);
    }

    [Fact]
    public void A_tally_is_complete_only_when_it_has_members_and_every_one_completed()
    {
        Assert.False(RolloutTally.Empty.IsComplete);
        Assert.False(RolloutTally.AllPending(2).IsComplete);
        Assert.True(RolloutTally.Of([Completed(10), Completed(20)]).IsComplete);
    }

    [Fact]
    public void Nobody_pending_gives_the_same_progress_as_counting_pending_members() =>
        Assert.Equal(
            RolloutProgress.Of(Enumerable.Repeat(RolloutMemberProgress.Pending, 7), Due, Due.AddDays(1)),
            RolloutTally.AllPending(7).ToProgress(Due, Due.AddDays(1)));
}
