using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ServiceVision.Contracts;
using ServiceVision.Grains;

namespace ServiceVision.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on the configured transport (Bus:Transport: InMemory, the default, or RabbitMQ with
    /// ConnectionStrings:RabbitMQ) with kebab-case endpoint names and its health check in /health/ready;
    /// the tenant header filters on every publish, send and consume; the default retry policy
    /// (Messaging:Retry) on every endpoint, then the endpoint's error queue; and the outbox relay that
    /// publishes what grains wrote to the durable outbox (Messaging:*), on RabbitMQ straight to the broker
    /// as raw JSON (<see cref="RabbitMqOutboxPublisher"/>), in memory through MassTransit. The grain store must be added
    /// too (it holds the outbox). <paramref name="consumers"/> adds consumers and their definitions.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var bus = builder.Configuration.GetSection(BusOptions.SectionName).Get<BusOptions>() ?? new BusOptions();
        var rabbit = builder.Configuration.GetConnectionString("RabbitMQ");
        if (bus.Transport == BusTransport.RabbitMQ && string.IsNullOrWhiteSpace(rabbit))
        {
            throw new OptionsValidationException("ConnectionStrings:RabbitMQ", typeof(BusOptions), ["Bus:Transport is RabbitMQ but ConnectionStrings:RabbitMQ is empty."]);
        }

        var services = builder.Services;
        services.AddOptions<MessagingOptions>()
            .BindConfiguration(MessagingOptions.SectionName)
            .Validate(o => !o.Validate().Any(), "Messaging settings are invalid (see MessagingOptions).")
            .ValidateOnStart();
        services.AddMessageContracts(typeof(ITenantMessage).Assembly);
        services.TryAddSingleton<ContractTypeMap>();
        services.TryAddSingleton<MessagingTelemetry>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<OutboxSignal>());

        // Several hosts: announce this host's state writes so the others drop stale activations (one process needs none).
        var stateChanges = bus.Transport == BusTransport.RabbitMQ ? GrainStateChangeNotices.AddTo(builder) : null;

        services.AddMassTransit(configurator =>
        {
            configurator.SetKebabCaseEndpointNameFormatter();
            configurator.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                var settings = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint)
                {
                    rabbitEndpoint.PrefetchCount = settings.PrefetchCount;
                }

                var retry = settings.Retry;
                if (retry.Intervals() is { Length: > 0 } intervals)
                {
                    endpoint.UseMessageRetry(r =>
                    {
                        r.Intervals(intervals);
                        r.Ignore<TenantMismatchException>();
                    });
                }
            });
            consumers?.Invoke(configurator);
            stateChanges?.AddConsumer(configurator);

            if (bus.Transport == BusTransport.RabbitMQ)
            {
                configurator.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(rabbit!));
                    cfg.AcceptRelayedMessages();
                    cfg.UseTenantHeaders(context);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                configurator.UsingInMemory((context, cfg) =>
                {
                    cfg.UseTenantHeaders(context);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });

        if (bus.Transport == BusTransport.RabbitMQ)
        {
            services.TryAddSingleton<IOutboxPublisher>(sp => ActivatorUtilities.CreateInstance<RabbitMqOutboxPublisher>(sp, new Uri(rabbit!)));
        }
        else
        {
            services.TryAddSingleton<IOutboxPublisher, MassTransitOutboxPublisher>();
        }

        // After MassTransit's own hosted service: the relay starts after the bus and stops before it.
        services.AddHostedService<OutboxRelay>();
        if (stateChanges is not null)
        {
            GrainStateChangeNotices.AddPublisher(services);
        }

        return builder;
    }

    /// <summary>Lets the outbox relay publish the message contracts of <paramref name="assembly"/> (ServiceVision.Contracts is always included).</summary>
    public static IServiceCollection AddMessageContracts(this IServiceCollection services, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(assembly);
        services.AddSingleton(new MessageContractAssembly(assembly));
        return services;
    }

    /// <summary>
    /// Lets the bus's endpoints read what the outbox relay publishes on RabbitMQ: raw JSON
    /// (<see cref="RabbitMqOutboxPublisher"/>), besides MassTransit's envelope. The message type header
    /// is checked, so a consumer gets only the types it consumes. Any bus that listens on the platform's
    /// exchanges needs it.
    /// </summary>
    public static void AcceptRelayedMessages(this IBusFactoryConfigurator configurator)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        configurator.UseRawJsonDeserializer(RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders);
    }

    /// <summary>
    /// The tenant header filters on a bus: stamp <see cref="TenantHeaders.OrganizationId"/> on publish
    /// and send, check it on consume; and the consumer lag metric. Call before ConfigureEndpoints.
    /// </summary>
    public static void UseTenantHeaders(this IBusFactoryConfigurator configurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        configurator.UsePublishFilter(typeof(TenantPublishFilter<>), context);
        configurator.UseSendFilter(typeof(TenantSendFilter<>), context);
        configurator.ConnectConsumerConfigurationObserver(new PlatformConsumeFilters(context.GetRequiredService<MessagingTelemetry>()));
    }
}
