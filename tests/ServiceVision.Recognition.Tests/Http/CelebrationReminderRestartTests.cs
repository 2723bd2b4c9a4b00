using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Recognition.V1;
using ServiceVision.Grains;
using ServiceVision.Recognition.Abstractions;
using ServiceVision.Testing;
using static ServiceVision.Recognition.Tests.RecognitionHttp;

namespace ServiceVision.Recognition.Tests.Http;

/// <summary>
/// Celebration reminders and the automatic holding are durable: set by one host, fired by the next.
/// The fixture's own host never starts; each test runs hosts of its own on the fixture's database and broker.
/// </summary>
public sealed class CelebrationReminderRestartTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reminders_and_the_holding_set_before_a_restart_fire_after_it_once_each()
    {
        await using var events = await RecognitionEventListener.StartAsync(platform.BrokerUri);
        // The first host never looks for due reminders, as if it stopped before they were due. It runs
        // off the test's execution context (see the training service's restart test for why).
        var (organization, celebrationId, honouree, at) = await Task.Run(async () =>
        {
            await using var first = platform.WithWebHostBuilder(b => b.UseSetting("Grains:ReminderPollInterval", "01:00:00"));
            var org = await first.OrganizationAsync(employees: 1);
            var recognition = (await RecognizeAsync(org.Leader, org.Employees[0], "Stayed late", [org.Pillar(Personal)])).GetProperty("id").GetString()!;
            // A few seconds ahead: both lead times (a day, an hour) have passed already, so both reminders are due at once.
            var at = DateTimeOffset.UtcNow.AddSeconds(6);
            var celebration = await JsonAsync(await PostAsync(org.Leader, Celebrations, new { title = "Restart party", at, remindMinutesBefore = new List<int> { 1440, 60 } }), HttpStatusCode.Created);
            var id = celebration.GetProperty("id").GetString()!;
            await JsonAsync(await PostAsync(org.Leader, $"{Celebrations}/{id}/nominations", new { recognitionId = recognition }, ifMatch: "\"1\""));
            return (org.Owner.OrganizationId, id, (org.Employees[0].MemberId, recognition), at);
        }, Cancel);

        Assert.Empty(events.All<CelebrationReminderDue>(e => e.CelebrationId == celebrationId));

        await using var second = platform.WithWebHostBuilder(_ => { });
        var grains = await Task.Run(() => second.Services.GetRequiredService<IGrainFactory>(), Cancel);
        var day = await events.WaitForAsync<CelebrationReminderDue>(e => e.CelebrationId == celebrationId && e.MinutesBefore == 1440);
        await events.WaitForAsync<CelebrationReminderDue>(e => e.CelebrationId == celebrationId && e.MinutesBefore == 60);
        var held = await events.WaitForAsync<CelebrationHeld>(e => e.CelebrationId == celebrationId);
        Assert.True(DateTimeOffset.UtcNow >= at, "the celebration is held at its time, not before");
        await Task.Delay(RecognitionEventListener.Quiet, Cancel);

        Assert.Equal(2, events.All<CelebrationReminderDue>(e => e.CelebrationId == celebrationId).Count);
        Assert.Single(events.All<CelebrationHeld>(e => e.CelebrationId == celebrationId));
        Assert.Equal("Restart party", day.Title);
        Assert.Equal([honouree], held.Honourees.Select(h => (h.MemberId, h.RecognitionId)));
        var view = await grains.GetGrain<ICelebrationsGrain>(RecognitionKeys.Celebrations(organization)).GetCelebration(celebrationId);
        Assert.Equal(CelebrationStatus.Held, view.Status);
        Assert.Null(view.HeldBy);
        Assert.Equal([1440, 60], view.RemindersSent.Select(r => r.MinutesBefore).Order().Reverse());
    }
}
