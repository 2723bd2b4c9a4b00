using MassTransit;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Grains;
using ServiceVision.Surveys.Abstractions;

namespace ServiceVision.Surveys.Consumers;

/// <summary>
/// Records a recovery the response buckets raised, with its overdue reminder. Idempotent by
/// business key: the recoveries grain records a recovery id once.
/// </summary>
public sealed class ServiceRecoveryNeededConsumer(IGrainFactory grains) : IConsumer<ServiceRecoveryNeeded>
{
    public Task Consume(ConsumeContext<ServiceRecoveryNeeded> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return grains.GetGrain<IServiceRecoveriesGrain>(SurveysKeys.Recoveries(context.Message.OrganizationId)).Record(context.Message);
    }
}

/// <summary>Endpoint "surveys-service-recovery-needed".</summary>
public sealed class ServiceRecoveryNeededConsumerDefinition : ConsumerDefinition<ServiceRecoveryNeededConsumer>
{
    public ServiceRecoveryNeededConsumerDefinition()
    {
        EndpointName = "surveys-service-recovery-needed";
        ConcurrentMessageLimit = 8;
    }
}

/// <summary>
/// Closes a recovery when organizations reports it answered. Idempotent: a resolved recovery stays
/// as first resolved. A recovery not recorded yet (messages are not ordered) throws, so the message is
/// retried, then faults to the error queue.
/// </summary>
public sealed class ServiceRecoveryResolvedConsumer(IGrainFactory grains) : IConsumer<ServiceRecoveryResolved>
{
    public async Task Consume(ConsumeContext<ServiceRecoveryResolved> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        if (!await grains.GetGrain<IServiceRecoveriesGrain>(SurveysKeys.Recoveries(message.OrganizationId)).Resolve(message))
        {
            throw new InvalidOperationException($"Recovery '{message.RecoveryId}' of {message.OrganizationId} is not recorded (yet); retrying.");
        }
    }
}

/// <summary>Endpoint "surveys-service-recovery-resolved".</summary>
public sealed class ServiceRecoveryResolvedConsumerDefinition : ConsumerDefinition<ServiceRecoveryResolvedConsumer>
{
    public ServiceRecoveryResolvedConsumerDefinition()
    {
        EndpointName = "surveys-service-recovery-resolved";
        ConcurrentMessageLimit = 8;
    }
}
