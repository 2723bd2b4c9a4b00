using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Testing;
using ServiceVision.Training.Abstractions;

namespace ServiceVision.Training.Tests.Http;

/// <summary>
/// Training reminders are durable: set by one host, fired by the next. The fixture's own host never
/// starts; each test runs hosts of its own on the fixture's database and broker.
/// </summary>
public sealed class ReminderRestartTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reminders_set_before_a_restart_fire_after_it_once_each_and_not_for_a_completed_assignment()
    {
        await using var events = await TrainingEventListener.StartAsync(platform.BrokerUri);
        var organization = "org_" + Guid.NewGuid().ToString("N");
        var member = "mem_" + Guid.NewGuid().ToString("N");
        var dueAt = DateTimeOffset.UtcNow.AddSeconds(4);
        // The first host never looks for due reminders, as if it stopped before they were due. It runs
        // off the test's execution context: MassTransit keeps its log context in an async local that
        // would otherwise outlive this host's logger factory and break the next host's bus.
        var (open, done) = await Task.Run(async () =>
        {
            await using var first = platform.WithWebHostBuilder(b => b.UseSetting("Grains:ReminderPollInterval", "01:00:00"));
            var bus = first.Services.GetRequiredService<IBus>();
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            var catalog = grains.GetGrain<ITrainingCatalogGrain>(TrainingKeys.Catalog(organization));
            await bus.Publish(TestVisions.Published(organization), Cancel);
            while ((await catalog.ListCourses()).Count == 0)
            {
                await Task.Delay(25, Cancel);
            }

            await bus.Publish(new AssignTraining(organization, "rollout-open", "vision", dueAt, [member]), Cancel);
            await bus.Publish(new AssignTraining(organization, "rollout-done", "vision", dueAt, [member]), Cancel);
            var open = (await events.WaitForAsync<TrainingAssigned>(e => e.OrganizationId == organization && e.RolloutId == "rollout-open")).AssignmentId;
            var done = (await events.WaitForAsync<TrainingAssigned>(e => e.OrganizationId == organization && e.RolloutId == "rollout-done")).AssignmentId;
            var trainee = grains.GetGrain<IMemberTrainingGrain>(TrainingKeys.Member(organization, member));
            foreach (var module in (await catalog.GetCourse("vision")).Modules)
            {
                await trainee.SubmitModule(done, module.Id, RightAnswers(module));
            }

            return (open, done);
        }, Cancel);

        Assert.Empty(events.All<TrainingReminderDue>(e => e.OrganizationId == organization));

        await using var second = platform.WithWebHostBuilder(_ => { });
        var grains = await Task.Run(() => second.Services.GetRequiredService<IGrainFactory>(), Cancel);
        var beforeDue = await events.WaitForAsync<TrainingReminderDue>(e => e.AssignmentId == open && e.Kind == "BeforeDue");
        var overdue = await events.WaitForAsync<TrainingReminderDue>(e => e.AssignmentId == open && e.Kind == "Overdue");
        Assert.True(DateTimeOffset.UtcNow >= dueAt, "the overdue reminder fires at the due time, not before");
        await Task.Delay(TrainingEventListener.Quiet, Cancel);

        Assert.Equal(2, events.All<TrainingReminderDue>(e => e.AssignmentId == open).Count);
        Assert.Empty(events.All<TrainingReminderDue>(e => e.AssignmentId == done));
        Assert.Equal("rollout-open", overdue.RolloutId);
        Assert.Equal(member, beforeDue.MemberId);
        Assert.Equal(dueAt.ToUnixTimeMilliseconds(), overdue.DueAt.ToUnixTimeMilliseconds());
        var view = await grains.GetGrain<IMemberTrainingGrain>(TrainingKeys.Member(organization, member)).GetAssignment(open);
        Assert.Equal(["BeforeDue", "Overdue"], view.RemindersSent.Select(r => r.Kind));
        Assert.True(view.IsOverdue);
    }

    private static ModuleSubmission RightAnswers(CourseModule module) =>
        module.Kind == ModuleKind.Attestation
            ? new ModuleSubmission(null, [.. module.Acknowledgements.Select(a => a.ItemId)])
            : new ModuleSubmission(
                [.. module.Questions.Select(q => new AnswerInput(q.Id, q.Kind == QuestionKind.FillIn ? null : q.CorrectChoiceIds, q.Kind == QuestionKind.FillIn ? q.AcceptedAnswers[0] : null))],
                null);
}
