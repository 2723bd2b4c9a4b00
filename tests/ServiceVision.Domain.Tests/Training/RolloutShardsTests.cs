using ServiceVision.Domain.Training;

namespace ServiceVision.Domain.Tests.Training;

public sealed class RolloutShardsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(400, 1)]
    [InlineData(401, 2)]
    [InlineData(900, 3)]
    [InlineData(1_000, 3)]
    [InlineData(100_000, 250)]
    public void A_rollout_gets_one_shard_per_400_members_rounded_up(int members, int shards) =>
        Assert.Equal(shards, RolloutShards.CountFor(members));

    [Fact]
    public void A_rollout_without_members_has_no_shard_count() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RolloutShards.CountFor(0));

    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void The_hash_is_32_bit_FNV_1a_so_it_is_the_same_in_every_process(string text, uint expected) =>
        Assert.Equal(expected, RolloutShards.StableHash(text));

    [Fact]
    public void A_member_id_longer_than_the_stack_buffer_hashes_like_the_same_bytes_would()
    {
        var id = new string('é', 300);
        var expected = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(id))
        {
            expected = unchecked((expected ^ b) * 16777619u);
        }

        Assert.Equal(expected, RolloutShards.StableHash(id));
        Assert.NotEqual(expected, RolloutShards.StableHash(id[..299]));
    }

    [Fact]
    public void A_member_is_always_in_the_same_shard_for_the_same_shard_count()
    {
        // Pinned values: a change of the rule would move members of running rollouts to other shards.
        Assert.Equal((int)(0xbf9cf968u % 7), RolloutShards.ShardOf("foobar", 7));
        Assert.Equal(RolloutShards.ShardOf("mem_0123456789abcdef0123456789abcdef", 250), RolloutShards.ShardOf("mem_0123456789abcdef0123456789abcdef", 250));
        Assert.Equal(0, RolloutShards.ShardOf("anyone", 1));
    }

    [Fact]
    public void Random_member_ids_spread_so_that_no_shard_of_a_100000_member_rollout_holds_more_than_500()
    {
        var ids = Enumerable.Range(0, 100_000).Select(_ => "mem_" + Guid.NewGuid().ToString("N")).ToList();
        var count = RolloutShards.CountFor(ids.Count);

        var shards = RolloutShards.Split(ids, count);

        Assert.Equal(250, shards.Count);
        Assert.Equal(ids.Count, shards.Sum(s => s.Count));
        Assert.InRange(shards.Max(s => s.Count), 400, 500);
        Assert.InRange(shards.Min(s => s.Count), 300, 400);
    }

    [Fact]
    public void Splitting_puts_each_member_once_in_the_shard_ShardOf_names_in_the_order_given()
    {
        string[] ids = ["m1", "m2", "m3", "m4", "m5", "m6", "m2"];

        var shards = RolloutShards.Split(ids, 3);

        Assert.Equal(6, shards.Sum(s => s.Count));
        for (var i = 0; i < shards.Count; i++)
        {
            Assert.All(shards[i], id => Assert.Equal(i, RolloutShards.ShardOf(id, 3)));
            Assert.Equal(ids.Distinct().Where(id => RolloutShards.ShardOf(id, 3) == i), shards[i]);
        }
    }

    [Fact]
    public void A_shard_count_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RolloutShards.ShardOf("m1", 0));
}
