using MassTransit;
using ServiceVision.Contracts;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Recognition.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Grains;
using ServiceVision.Messaging;
using ServiceVision.Partners.Abstractions;
using ServiceVision.Partners.Broker;

namespace ServiceVision.Partners.Consumers;

/// <summary>
/// Forwards the grantable events to the partners the event's organization granted that kind, in the
/// <see cref="PartnerEnvelope"/>. The grant is read from the organization's grants grain on every
/// message (in memory), so a revocation holds from the next message on; an organization that granted
/// nothing sends nothing. The consumer runs in the message's tenant context, so it can only read that
/// organization's grants. At least once: a redelivered event (or a retry after one partner's send
/// failed) may reach a partner twice with the same envelope id; partners dedupe on it.
/// </summary>
public sealed class PartnerEventForwarder(IGrainFactory grains, PartnerBroker broker) :
    IConsumer<VisionPublished>,
    IConsumer<RolloutCompleted>,
    IConsumer<TrainingCompleted>,
    IConsumer<SurveyScoresPublished>,
    IConsumer<RecognitionGiven>,
    IConsumer<CelebrationHeld>
{
    public Task Consume(ConsumeContext<VisionPublished> context) => ForwardAsync(context);

    public Task Consume(ConsumeContext<RolloutCompleted> context) => ForwardAsync(context);

    public Task Consume(ConsumeContext<TrainingCompleted> context) => ForwardAsync(context);

    public Task Consume(ConsumeContext<SurveyScoresPublished> context) => ForwardAsync(context);

    public Task Consume(ConsumeContext<RecognitionGiven> context) => ForwardAsync(context);

    public Task Consume(ConsumeContext<CelebrationHeld> context) => ForwardAsync(context);

    private async Task ForwardAsync<T>(ConsumeContext<T> context)
        where T : class, ITenantMessage
    {
        var message = context.Message;
        if (!broker.IsAvailable || string.IsNullOrEmpty(message.OrganizationId))
        {
            return;
        }

        var kind = PartnerEventTypes.Of(typeof(T));
        var partners = await grains.GetGrain<IPartnerGrantsGrain>(PartnerKeys.Grants(message.OrganizationId)).PartnersGrantedEvent(kind.GrantKind);
        if (partners.Count == 0)
        {
            return;
        }

        var id = (context.MessageId ?? NewId.NextGuid()).ToString();
        var envelope = PartnerEnvelope.Create(kind.Type, id, MessageSentTime.Of(context) is { } sent ? new DateTimeOffset(sent, TimeSpan.Zero) : DateTimeOffset.UtcNow, message.OrganizationId, message);
        foreach (var partnerId in partners.Where(PartnerKeys.IsWellFormedId))
        {
            await broker.SendToPartnerAsync(partnerId, envelope, context.CancellationToken);
        }
    }
}

/// <summary>Endpoint "partners-events": one queue for every grantable event; retries as configured for every endpoint.</summary>
public sealed class PartnerEventForwarderDefinition : ConsumerDefinition<PartnerEventForwarder>
{
    public PartnerEventForwarderDefinition()
    {
        EndpointName = "partners-events";
        ConcurrentMessageLimit = 16;
    }
}
