using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Organizations;
using ServiceVision.Partners.Abstractions;
using ServiceVision.Partners.Broker;

namespace ServiceVision.Partners.Http;

public sealed record PartnerRequest(string? Name);

/// <summary>A provisioned partner with its broker password, which is shown only here (the platform does not keep it).</summary>
public sealed record PartnerCredentials(
    string Id,
    string Name,
    PartnerStatus Status,
    DateTimeOffset CreatedAt,
    string UserName,
    string Password,
    string VirtualHost,
    string InboundExchange,
    string OutboundQueue);

/// <summary>The partner registry (/api/v1/platform/partners): platform administrators only (Partners:AdminToken).</summary>
public static class PartnerRegistryEndpoints
{
    public static IEndpointRouteBuilder MapPartnerRegistryEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/platform/partners").WithTags("Platform: partners").RequireAuthorization(PlatformAdminAuthentication.Policy);
        group.MapPost("/", CreateAsync)
            .WithSummary("Registers a partner and provisions its broker user, exchange and queues; the answer carries its password, shown once.")
            .WithIdempotency(responseHoldsSecret: true);
        group.MapGet("/", ListAsync).WithSummary("Every partner, by name.");
        group.MapGet("/{id}", GetAsync).WithSummary("One partner.");
        group.MapPost("/{id}/provision", ProvisionAsync)
            .WithSummary("Provisions the partner again (finishes a failed provisioning, repairs its broker objects) with a new password, shown once.");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Deletes the partner with its broker user, exchange and queues.");
        return routes;
    }

    private static async Task<Created<PartnerCredentials>> CreateAsync(PartnerRequest request, IGrainFactory grains, PartnerBroker broker, BrokerManagementClient management, PartnerInboundService inbound)
    {
        ValidationFailedException.ThrowIfAny(PartnerLimits.ValidateName(request.Name));
        RequireBroker(broker, management);
        var partner = await Registry(grains).Add(Ids.New("ptn"), request.Name!);
        var credentials = await ProvisionCoreAsync(partner, grains, broker, management, inbound);
        return TypedResults.Created($"/api/v1/platform/partners/{partner.Id}", credentials);
    }

    private static async Task<Ok<PagedList<PartnerView>>> ListAsync(PageRequest page, IGrainFactory grains) =>
        TypedResults.Ok(PagedList.Of(await Registry(grains).List(), page));

    private static async Task<Ok<PartnerView>> GetAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(await Registry(grains).Find(id) ?? throw PartnerLimits.NotFound());

    private static async Task<Ok<PartnerCredentials>> ProvisionAsync(string id, IGrainFactory grains, PartnerBroker broker, BrokerManagementClient management, PartnerInboundService inbound)
    {
        var partner = await Registry(grains).Find(id) ?? throw PartnerLimits.NotFound();
        RequireBroker(broker, management);
        return TypedResults.Ok(await ProvisionCoreAsync(partner, grains, broker, management, inbound));
    }

    private static async Task<NoContent> DeleteAsync(string id, IGrainFactory grains, PartnerBroker broker, BrokerManagementClient management, PartnerInboundService inbound)
    {
        var partner = await Registry(grains).Find(id) ?? throw PartnerLimits.NotFound();
        RequireBroker(broker, management);

        // The user first: from then on the partner can do nothing, whatever happens to the rest (a retry finishes it).
        await management.DeleteUserAsync(PartnerKeys.UserName(partner.Id), CancellationToken.None);
        await inbound.StopAsync(partner.Id);
        await OnBrokerAsync("delete the partner's exchange and queues", () => broker.DeleteAsync(partner.Id, CancellationToken.None));
        await Registry(grains).Remove(partner.Id);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Declares the exchange and queues, then creates (or updates) the user with a new password and
    /// its permissions: configure nothing, write only its inbound exchange, read only its outbound
    /// queue. Every step is idempotent, so provisioning again repairs and never duplicates.
    /// </summary>
    private static async Task<PartnerCredentials> ProvisionCoreAsync(PartnerView partner, IGrainFactory grains, PartnerBroker broker, BrokerManagementClient management, PartnerInboundService inbound)
    {
        var user = PartnerKeys.UserName(partner.Id);
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        await OnBrokerAsync("declare the partner's exchange and queues", () => broker.DeclareAsync(partner.Id, CancellationToken.None));

        await management.PutUserAsync(user, password, CancellationToken.None);
        await management.PutPermissionsAsync(
            broker.VirtualHost,
            user,
            configure: "^$",
            write: "^" + EscapeName(PartnerKeys.InboundExchange(partner.Id)) + "$",
            read: "^" + EscapeName(PartnerKeys.OutboundQueue(partner.Id)) + "$",
            CancellationToken.None);
        var provisioned = await Registry(grains).MarkProvisioned(partner.Id);
        await OnBrokerAsync("start consuming the partner's inbound queue", () => inbound.StartAsync(partner.Id, CancellationToken.None));
        return new PartnerCredentials(
            provisioned.Id, provisioned.Name, provisioned.Status, provisioned.CreatedAt, user, password, broker.VirtualHost, provisioned.InboundExchange, provisioned.OutboundQueue);
    }

    /// <summary>A broker step that failed (timed out, lost its connection) is a 503 the administrator can retry: every step is idempotent.</summary>
    private static async Task OnBrokerAsync(string what, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception error) when (error is not ApiException)
        {
            throw new BrokerUnavailableException($"The broker did not {what}: {error.Message}");
        }
    }

    private static string EscapeName(string name) => name.Replace(".", "\\.", StringComparison.Ordinal);

    private static void RequireBroker(PartnerBroker broker, BrokerManagementClient management)
    {
        if (!broker.IsAvailable || !management.IsConfigured)
        {
            throw new BrokerUnavailableException("Partners need the RabbitMQ transport (Bus:Transport) and its management API (Partners:Management).");
        }
    }

    // The registry is platform data: the admin's request runs outside any tenant, and this says so.
    private static IPartnerRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IPartnerRegistryGrain>(PartnerKeys.RegistryKey);
}
