using MassTransit;
using ServiceVision.Contracts;
using ServiceVision.Grains;

namespace ServiceVision.Messaging;

/// <summary>The tenant header every message carries on the bus.</summary>
public static class TenantHeaders
{
    /// <summary>The organization of a message (<see cref="ITenantMessage.OrganizationId"/>), stamped on publish and send, checked on consume.</summary>
    public const string OrganizationId = "sv-organization-id";

    /// <summary>Sets the header from the message body; refuses a tenant message that names no organization.</summary>
    internal static void Stamp(SendContext context, object message)
    {
        if (message is not ITenantMessage tenantMessage)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(tenantMessage.OrganizationId))
        {
            throw new TenantMismatchException($"{message.GetType().Name} names no organization; it is not sent.");
        }

        // The body is the truth: whatever the sender put in the header is overwritten.
        context.Headers.Set(OrganizationId, tenantMessage.OrganizationId);
    }
}

/// <summary>A message whose tenant header is missing or differs from its body's organization; it goes to the error queue unconsumed.</summary>
public sealed class TenantMismatchException : Exception
{
    public TenantMismatchException() { }

    public TenantMismatchException(string message) : base(message) { }

    public TenantMismatchException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>Stamps <see cref="TenantHeaders.OrganizationId"/> on every published tenant message.</summary>
public sealed class TenantPublishFilter<T> : IFilter<PublishContext<T>>
    where T : class
{
    public Task Send(PublishContext<T> context, IPipe<PublishContext<T>> next)
    {
        TenantHeaders.Stamp(context, context.Message);
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("tenantHeader");
}

/// <summary>Stamps <see cref="TenantHeaders.OrganizationId"/> on every sent tenant message (commands).</summary>
public sealed class TenantSendFilter<T> : IFilter<SendContext<T>>
    where T : class
{
    public Task Send(SendContext<T> context, IPipe<SendContext<T>> next)
    {
        TenantHeaders.Stamp(context, context.Message);
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("tenantHeader");
}

/// <summary>
/// Refuses a tenant message whose <see cref="TenantHeaders.OrganizationId"/> header is missing or
/// differs from the body's organization (the exception faults it to the error queue, and the consumer
/// never runs); otherwise runs the consumer in that organization's <see cref="TenantContext"/>, so
/// grain calls it makes are held to that tenant. Messages that are not tenant messages (faults,
/// platform messages) pass unchanged, outside any tenant.
/// </summary>
public sealed class TenantConsumeFilter<T> : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (context.Message is not ITenantMessage tenantMessage)
        {
            await next.Send(context);
            return;
        }

        var header = context.Headers.Get<string>(TenantHeaders.OrganizationId);
        if (string.IsNullOrEmpty(header))
        {
            throw new TenantMismatchException($"{typeof(T).Name} {context.MessageId} has no {TenantHeaders.OrganizationId} header; it is refused.");
        }

        if (!string.Equals(header, tenantMessage.OrganizationId, StringComparison.Ordinal))
        {
            throw new TenantMismatchException(
                $"{typeof(T).Name} {context.MessageId} has {TenantHeaders.OrganizationId} '{header}' but belongs to organization '{tenantMessage.OrganizationId}'; it is refused.");
        }

        using (TenantContext.Enter(header))
        {
            await next.Send(context);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("tenantCheck");
}
