using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Grains;
using ServiceVision.Grains.Storage;
using ServiceVision.Testing;
using ServiceVision.Training.Abstractions;

namespace ServiceVision.Training.Tests.Grains;

/// <summary>
/// Who was assigned the vision course lives in pages of a few hundred members, so an assignment rewrites
/// one small page however large the organization, and a new version still re-trains everyone it should.
/// </summary>
public sealed class TrainingCoverageTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private IGrainFactory Grains => platform.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Members_assigned_in_many_commands_are_each_re_trained_once_and_no_command_rewrites_more_than_one_page()
    {
        var organization = NewOrganization();
        var catalog = Grains.GetGrain<ITrainingCatalogGrain>(TrainingKeys.Catalog(organization));
        await catalog.ApplyVision(TestVisions.Published(organization));
        var members = Enumerable.Range(0, 1_200).Select(i => $"mem_{i:D4}").ToList();
        foreach (var command in members.Chunk(500))
        {
            await catalog.PrepareAssignment("vision", command);
        }

        // A command delivered again records nobody twice.
        await catalog.PrepareAssignment("vision", members[..3]);

        var applied = await catalog.ApplyVision(TestVisions.Published(organization, 2, ["s1"]));
        var replayed = await catalog.ApplyVision(TestVisions.Published(organization, 2, ["s1"]));

        Assert.Equal(members, applied.Refreshers.Select(r => r.MemberId));
        Assert.All(applied.Refreshers, r => Assert.Equal(["s1"], r.ItemIds));
        Assert.False(replayed.Applied);
        Assert.Equal(applied.Refreshers.Select(r => (r.MemberId, string.Join(',', r.ItemIds))), replayed.Refreshers.Select(r => (r.MemberId, string.Join(',', r.ItemIds))));

        // Three pages of assignments (the repeat topped up the last) and the plan; the catalog holds no member.
        Assert.Equal([500, 500, 203, 1_200], await PageSizesAsync(organization, 4));
        var stored = await platform.Services.GetRequiredService<IGrainStorage>().ReadAsync(TrainingKeys.CatalogGrainType, TrainingKeys.Catalog(organization), Cancel);
        Assert.DoesNotContain("mem_0000", stored!.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_catalog_stored_with_every_member_in_it_keeps_re_training_them_after_moving_them_to_pages()
    {
        // A catalog as stored before coverage pages: its members and its latest plan in its own state.
        var template = NewOrganization();
        await Grains.GetGrain<ITrainingCatalogGrain>(TrainingKeys.Catalog(template)).ApplyVision(TestVisions.Published(template));
        var storage = platform.Services.GetRequiredService<IGrainStorage>();
        var state = JsonNode.Parse((await storage.ReadAsync(TrainingKeys.CatalogGrainType, TrainingKeys.Catalog(template), Cancel))!.Json)!.AsObject();
        state["members"] = new JsonObject
        {
            ["mem_old1"] = new JsonObject { ["visionVersions"] = new JsonArray(1), ["refreshedItemIds"] = new JsonArray() },
            ["mem_old2"] = new JsonObject { ["visionVersions"] = new JsonArray(1), ["refreshedItemIds"] = new JsonArray() },
        };
        state["versionItemIds"] = new JsonObject { ["1"] = new JsonArray("p1", "sp1", "s1") };
        state["latestRefreshers"] = new JsonObject
        {
            ["visionVersion"] = 1,
            ["dueAt"] = DateTimeOffset.UtcNow.ToString("O"),
            ["members"] = new JsonObject { ["mem_old1"] = new JsonArray("s1") },
        };
        var organization = NewOrganization();
        await storage.WriteAsync(TrainingKeys.CatalogGrainType, TrainingKeys.Catalog(organization), state.ToJsonString(), expectedVersion: 0, Cancel);
        var catalog = Grains.GetGrain<ITrainingCatalogGrain>(TrainingKeys.Catalog(organization));

        var replayed = await catalog.ApplyVision(TestVisions.Published(organization));
        await catalog.PrepareAssignment("vision", ["mem_new"]);
        var applied = await catalog.ApplyVision(TestVisions.Published(organization, 2, ["s1"]));

        Assert.Equal(["mem_old1"], replayed.Refreshers.Select(r => r.MemberId));
        Assert.Equal(["mem_new", "mem_old1", "mem_old2"], applied.Refreshers.Select(r => r.MemberId));
        var stored = await storage.ReadAsync(TrainingKeys.CatalogGrainType, TrainingKeys.Catalog(organization), Cancel);
        Assert.DoesNotContain("mem_old2", stored!.Json, StringComparison.Ordinal);
    }

    private async Task<List<int>> PageSizesAsync(string organization, int pages)
    {
        var sizes = new List<int>();
        for (var page = 1; page <= pages; page++)
        {
            sizes.Add((await Grains.GetGrain<ITrainingCoverageGrain>(TrainingKeys.Coverage(organization, page)).Read()).Count);
        }

        return sizes;
    }

    private static string NewOrganization() => "org_" + Guid.NewGuid().ToString("N");
}
