using ServiceVision.Grains.Storage;
using Xunit;

namespace ServiceVision.Grains.Tests.Storage;

public sealed class MessageIdsTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 12, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void An_id_is_a_version_7_uuid_carrying_the_time_it_was_made_like_the_framework_s()
    {
        var id = MessageIds.NewVersion7(T0);

        Assert.Equal(7, id.Version);
        Assert.InRange(id.Variant, 0b1000, 0b1011);
        Assert.Equal(Guid.CreateVersion7(T0).ToString()[..13], id.ToString()[..13]);
    }

    [Fact]
    public void Ids_sort_by_the_millisecond_they_were_made_in()
    {
        var ids = Enumerable.Range(0, 1_000).Select(ms => MessageIds.NewVersion7(T0.AddMilliseconds(ms)).ToString()).ToList();

        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void Ids_made_in_the_same_millisecond_differ()
    {
        var ids = Enumerable.Range(0, 100_000).Select(_ => MessageIds.NewVersion7(T0)).ToHashSet();

        Assert.Equal(100_000, ids.Count);
    }
}
