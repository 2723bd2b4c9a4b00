using ServiceVision.Domain.Training;

namespace ServiceVision.Domain.Tests.Training;

public sealed class RolloutLocationProgressTests
{
    private static readonly DateTimeOffset Due = new(2030, 1, 31, 17, 0, 0, TimeSpan.Zero);

    private static RolloutMemberProgress Status(RolloutMemberStatus status, int score = 0) =>
        status == RolloutMemberStatus.Completed ? RolloutMemberProgress.Pending.Advance(status, score) : RolloutMemberProgress.Pending.Advance(status);

    [Fact]
    public void Members_are_tallied_by_the_location_they_work_at_and_others_are_left_out()
    {
        var members = new (string, RolloutMemberProgress)[]
        {
            ("ana", Status(RolloutMemberStatus.Completed, 80)),
            ("ben", Status(RolloutMemberStatus.Pending)),
            ("cleo", Status(RolloutMemberStatus.Started)),
            ("dan", Status(RolloutMemberStatus.Completed, 90)),
            ("eve", Status(RolloutMemberStatus.Assigned)),
            ("gone", Status(RolloutMemberStatus.Completed, 10)),
            ("ana", Status(RolloutMemberStatus.Pending)),
        };
        var locations = new Dictionary<string, string> { ["ana"] = "north", ["ben"] = "north", ["cleo"] = "north", ["dan"] = "south", ["eve"] = "south" };

        var tallies = RolloutLocationProgress.ByLocation(members, locations);

        Assert.Equal(new RolloutTally(3, 2, 2, 1, 80), tallies["north"]);
        Assert.Equal(new RolloutTally(2, 2, 1, 1, 90), tallies["south"]);
        Assert.Equal(2, tallies.Count);
    }

    [Fact]
    public void The_progress_of_a_location_counts_pending_overdue_average_and_percent_like_the_rollout()
    {
        var tally = new RolloutTally(3, 2, 2, 1, 80);

        Assert.Equal(new RolloutLocationProgress(3, 1, 2, 2, 1, 0, 80m, 33.3m), RolloutLocationProgress.Of(tally, Due, Due.AddDays(-1)));
        Assert.Equal(new RolloutLocationProgress(3, 1, 2, 2, 1, 2, 80m, 33.3m), RolloutLocationProgress.Of(tally, Due, Due.AddSeconds(1)));
        Assert.Equal(new RolloutLocationProgress(0, 0, 0, 0, 0, 0, null, 0m), RolloutLocationProgress.Of(RolloutTally.Empty, Due, Due));
    }

    [Fact]
    public void The_locations_add_up_to_the_whole_rollout_for_those_with_a_location()
    {
        var members = Enumerable.Range(0, 1_000).Select(i => ($"m{i}", Status((RolloutMemberStatus)(i % 4), i % 101))).ToList();
        var locations = Enumerable.Range(0, 1_000).Where(i => i % 10 != 0).ToDictionary(i => $"m{i}", i => $"loc{i % 37}");

        var tallies = RolloutLocationProgress.ByLocation(members, locations);

        Assert.Equal(RolloutTally.Of(members.Where(m => locations.ContainsKey(m.Item1)).Select(m => m.Item2)), RolloutTally.Sum(tallies.Values));
    }

    [Fact]
    public void A_rollout_of_100000_members_over_5000_locations_is_tallied_per_location()
    {
        var members = Enumerable.Range(0, 100_000).Select(i => ($"mem_{i:x8}", Status((RolloutMemberStatus)(i % 4), 75))).ToList();
        var locations = Enumerable.Range(0, 100_000).ToDictionary(i => $"mem_{i:x8}", i => $"loc_{i / 20}");

        var tallies = RolloutLocationProgress.ByLocation(members, locations);

        Assert.Equal(5_000, tallies.Count);
        Assert.All(tallies.Values, t => Assert.Equal(new RolloutTally(20, 15, 10, 5, 375), t));
    }
}
