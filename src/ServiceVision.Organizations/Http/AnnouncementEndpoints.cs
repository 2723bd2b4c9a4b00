using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Alignment;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Plan;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Http;

/// <summary>Announcement campaigns (/api/v1/announcements): announce the vision, acknowledge it, follow who has not.</summary>
public static class AnnouncementEndpoints
{
    public static IEndpointRouteBuilder MapAnnouncementEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/announcements").WithTags("Announcements");
        group.MapPost("/", CreateAsync)
            .WithSummary("Announces a published vision version to everyone, departments, locations or roles on channels; reminds those who have not acknowledged it.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/", ListAsync)
            .WithSummary("Announcements, newest first: all of them for leaders, those addressed to the caller for employees.")
            .RequireAuthorization(Policies.Employee);
        group.MapGet("/{announcementId}", GetAsync)
            .WithSummary("One announcement with its acknowledgement progress and whether the caller acknowledged it.")
            .RequireAuthorization(Policies.Employee);
        group.MapPost("/{announcementId}/acknowledge", AcknowledgeAsync)
            .WithSummary("The caller acknowledges that they read the announcement (on which channel); a repeat returns the first acknowledgement.")
            .RequireAuthorization(Policies.Employee);
        group.MapGet("/{announcementId}/groups", GroupsAsync)
            .WithSummary("Audience and acknowledgements per department or location (by=department|location).")
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/{announcementId}/pending", PendingAsync)
            .WithSummary("Members who have not acknowledged yet, by name; filter with departmentId= and locationId=.")
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/{announcementId}/reminders", RemindersAsync)
            .WithSummary("The reminder rounds sent so far, latest first, with who was reminded.")
            .RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static IAnnouncementsGrain Grain(IGrainFactory grains, Caller caller) =>
        grains.GetGrain<IAnnouncementsGrain>(PlanKeys.Announcements(caller.OrganizationId));

    private static async Task<Created<AnnouncementView>> CreateAsync(AnnouncementInput request, Caller caller, IGrainFactory grains)
    {
        var announcement = await Grain(grains, caller).Create(request, caller.MemberId);
        return TypedResults.Created($"/api/v1/announcements/{announcement.Id}", announcement);
    }

    private static async Task<Ok<PagedList<AnnouncementView>>> ListAsync(Caller caller, IGrainFactory grains, PageRequest page) =>
        TypedResults.Ok(await Grain(grains, caller).ListAnnouncements(caller.MemberId, caller.IsAtLeast(MemberRole.Leader), page));

    private static async Task<Ok<AnnouncementView>> GetAsync(string announcementId, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Grain(grains, caller).GetAnnouncement(announcementId, caller.MemberId, caller.IsAtLeast(MemberRole.Leader)));

    private static async Task<Ok<AcknowledgementView>> AcknowledgeAsync(string announcementId, AcknowledgeRequest request, Caller caller, IGrainFactory grains)
    {
        if (!AnnouncementRules.TryParse<AnnouncementChannel>(request.Channel, out var channel))
        {
            throw new ValidationFailedException("channel", $"Say where you read it: {string.Join(", ", Enum.GetNames<AnnouncementChannel>())}.");
        }

        return TypedResults.Ok(await Grain(grains, caller).Acknowledge(announcementId, caller.MemberId, channel));
    }

    private static async Task<Ok<PagedList<AnnouncementGroupView>>> GroupsAsync(string announcementId, Caller caller, IGrainFactory grains, PageRequest page, string? by = null)
    {
        var dimension = AnnouncementRules.TryParse<GroupDimension>(by ?? "department", out var parsed)
            ? parsed
            : throw new ValidationFailedException("by", "Group by department or location.");
        return TypedResults.Ok(await Grain(grains, caller).Breakdown(announcementId, dimension, page));
    }

    private static async Task<Ok<PagedList<PendingMemberView>>> PendingAsync(string announcementId, Caller caller, IGrainFactory grains, PageRequest page, string? departmentId = null, string? locationId = null) =>
        TypedResults.Ok(await Grain(grains, caller).ListPending(announcementId, departmentId, locationId, page));

    private static async Task<Ok<PagedList<ReminderRoundView>>> RemindersAsync(string announcementId, Caller caller, IGrainFactory grains, PageRequest page) =>
        TypedResults.Ok(await Grain(grains, caller).ListReminders(announcementId, page));
}

/// <param name="Channel">Where the member read it (one of the fixed channels).</param>
public sealed record AcknowledgeRequest(string? Channel);
