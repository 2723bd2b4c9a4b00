using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ServiceVision.Testing;

namespace ServiceVision.Host.Tests.Infrastructure;

public sealed class RequestMetricsTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task Requests_are_counted_per_organization_in_the_framework_request_metric()
    {
        var owner = await platform.SignUpAsync();
        var perOrganization = new ConcurrentDictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "servicevision.organization" && tag.Value is string organization)
                {
                    perOrganization.AddOrUpdate(organization, 1, (_, n) => n + 1);
                }
            }
        });
        listener.Start();

        for (var i = 0; i < 3; i++)
        {
            await owner.Client.GetAsync(new Uri("/api/v1/me", UriKind.Relative), TestContext.Current.CancellationToken);
        }

        // The framework records a request's duration as the request ends, which may be just after the client read the response.
        await Eventually.HoldsAsync(() => perOrganization.GetValueOrDefault(owner.OrganizationId) >= 3, Eventually.Patience, "the third request is counted");
        Assert.Equal(3, perOrganization.GetValueOrDefault(owner.OrganizationId));
    }
}
