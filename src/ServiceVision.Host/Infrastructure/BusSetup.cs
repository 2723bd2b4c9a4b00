using MassTransit;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Host.Infrastructure;

/// <summary>Which transport carries messages between contexts (section "Bus").</summary>
public sealed class BusOptions
{
    public const string SectionName = "Bus";

    /// <summary>InMemory (the zero-setup default) or RabbitMQ (ConnectionStrings:RabbitMQ, an amqp:// URI).</summary>
    public BusTransport Transport { get; set; } = BusTransport.InMemory;
}

public enum BusTransport
{
    InMemory,
    RabbitMQ,
}

public static class BusSetup
{
    /// <summary>MassTransit on the configured transport; its own health check joins /health/ready.</summary>
    public static IHostApplicationBuilder AddMessageBus(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        var options = builder.Configuration.GetSection(BusOptions.SectionName).Get<BusOptions>() ?? new BusOptions();
        var rabbit = builder.Configuration.GetConnectionString("RabbitMQ");
        if (options.Transport == BusTransport.RabbitMQ && string.IsNullOrWhiteSpace(rabbit))
        {
            throw new InvalidOperationException("Bus:Transport is RabbitMQ but ConnectionStrings:RabbitMQ is empty.");
        }

        builder.Services.AddSingleton<IIntegrationEventPublisher, MassTransitEventPublisher>();
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configureConsumers?.Invoke(bus);
            if (options.Transport == BusTransport.RabbitMQ)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(rabbit!));
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        return builder;
    }
}
