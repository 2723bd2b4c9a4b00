using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Tests.Http;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Consumers;

/// <summary>
/// The rollout of a published network vision to every location through the bus (NetworkVersionConsumer):
/// each location stores the offer (revision 1), so it shows the version even if it is never read meanwhile.
/// </summary>
public sealed class NetworkVersionConsumerTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private IGrainFactory Grains => platform.Services.GetRequiredService<IGrainFactory>();

    private Task<LocationAdoptionView[]> AdoptionsAsync(string organizationId, IEnumerable<string> locations) =>
        Task.WhenAll(locations.Select(l => Grains.GetGrain<ILocationVisionGrain>(NetworkKeys.LocationVision(organizationId, l)).GetAdoption()));

    private async Task<(ApiSession Owner, List<string> Locations)> NetworkAsync(int locations)
    {
        var owner = await platform.SignUpAsync();
        var ids = new List<string>();
        for (var i = 0; i < locations; i++)
        {
            ids.Add(await LocationApi.CreateLocationAsync(owner.Client, $"Location {i:000}"));
        }

        return (owner, ids);
    }

    [Fact]
    public async Task A_published_version_reaches_all_fifty_locations_which_become_pending_on_it()
    {
        var (owner, locations) = await NetworkAsync(50);

        await platform.PublishVisionAsync(owner, "Every guest leaves smiling, every time.", LocationVisionApi.Version1);

        LocationAdoptionView[] adoptions = [];
        await Eventually.HoldsAsync(
            async () => (adoptions = await AdoptionsAsync(owner.OrganizationId, locations)).All(a => a.Revision == 1),
            Eventually.Patience,
            "every location stored the offer of version 1");
        Assert.All(adoptions, a => Assert.Equal((AdoptionState.Pending, 1, (int?)null), (a.State, a.OfferedVersion!.Value, a.AdoptedVersion)));
        Assert.Equal(locations.Order(), adoptions.Select(a => a.LocationId).Order());
    }

    [Fact]
    public async Task A_redelivered_version_changes_nothing_and_an_older_one_never_takes_a_location_back()
    {
        var (owner, locations) = await NetworkAsync(5);
        var version1 = await platform.PublishVisionAsync(owner, "Every guest leaves smiling, every time.", LocationVisionApi.Version1);
        await platform.PublishVisionAsync(owner, "Every guest leaves smiling, every time.", LocationVisionApi.Version2);
        await Eventually.HoldsAsync(
            async () => (await AdoptionsAsync(owner.OrganizationId, locations)).All(a => a.OfferedVersion == 2 && a.Revision >= 1),
            Eventually.Patience,
            "every location stored the offer of version 2");
        var before = await AdoptionsAsync(owner.OrganizationId, locations);

        // The same event again (as after a redelivery), for the older version.
        var items = version1.GetProperty("items").EnumerateArray()
            .Select(i => new VisionItem(i.GetProperty("id").GetString()!, i.GetProperty("kind").GetString()!, i.GetProperty("parentId").ValueKind == JsonValueKind.Null ? null : i.GetProperty("parentId").GetString(), i.GetProperty("text").GetString()!, i.GetProperty("order").GetInt32()))
            .ToList();
        var again = new VisionPublished(owner.OrganizationId, 1, version1.GetProperty("publishedAt").GetDateTimeOffset(), owner.MemberId, version1.GetProperty("statement").GetString()!, items, [.. items.Select(i => i.Id)], [], []);
        await platform.Services.GetRequiredService<IBus>().Publish(again, Cancel);
        await Task.Delay(TimeSpan.FromSeconds(3), Cancel);

        Assert.Equal(before, await AdoptionsAsync(owner.OrganizationId, locations));
        Assert.All(before, a => Assert.Equal(2, a.OfferedVersion));
    }

    [Fact]
    public async Task Offers_are_idempotent_and_never_go_back_a_version()
    {
        var (owner, locations) = await NetworkAsync(1);
        await platform.PublishVisionAsync(owner, "Every guest leaves smiling, every time.", LocationVisionApi.Version1);
        var location = Grains.GetGrain<ILocationVisionGrain>(NetworkKeys.LocationVision(owner.OrganizationId, locations[0]));
        await Eventually.HoldsAsync(async () => (await location.GetAdoption()).Revision == 1, Eventually.Patience, "the offer of version 1 is stored");

        Assert.False(await location.OfferVersion(1));
        await platform.PublishVisionAsync(owner, "Every guest leaves smiling, every time.", LocationVisionApi.Version2);
        await Eventually.HoldsAsync(async () => (await location.GetAdoption()).OfferedVersion == 2, Eventually.Patience, "the offer of version 2 is stored");
        Assert.False(await location.OfferVersion(2));
        Assert.False(await location.OfferVersion(1));
        Assert.Equal((2, 2L), ((await location.GetAdoption()).OfferedVersion!.Value, (await location.GetAdoption()).Revision));
    }

    [Fact]
    public async Task A_network_without_locations_publishes_as_usual_and_a_location_created_later_starts_pending_on_its_version()
    {
        var owner = await platform.SignUpAsync();

        var published = await platform.PublishVisionAsync(owner, "Every guest leaves smiling, every time.", LocationVisionApi.Version1);

        Assert.Equal(1, published.GetProperty("number").GetInt32());
        var later = await LocationApi.CreateLocationAsync(owner.Client, "Later");
        var adoption = await Grains.GetGrain<ILocationVisionGrain>(NetworkKeys.LocationVision(owner.OrganizationId, later)).GetAdoption();
        // Pending on version 1 whether the rollout's message reached it (it may arrive after the location was made) or not (the grain asks the network).
        Assert.Equal((AdoptionState.Pending, 1), (adoption.State, adoption.OfferedVersion!.Value));
    }
}
