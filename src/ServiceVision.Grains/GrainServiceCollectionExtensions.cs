using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceVision.Grains.Runtime;

namespace ServiceVision.Grains;

public static class GrainServiceCollectionExtensions
{
    /// <summary>
    /// Adds the grain runtime (directory, idle collection, reminders, tenant call filter, the outbox
    /// signal). A storage provider must be added too (AddSqliteGrainStorage or AddPostgresGrainStorage).
    /// </summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeOptions>? configure = null)
    {
        var options = services.AddOptions<GrainRuntimeOptions>().BindConfiguration(GrainRuntimeOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<OutboxSignal>());
        services.TryAddSingleton<GrainRuntime>();
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.TryAddSingleton<IGrainInvalidation>(sp => sp.GetRequiredService<GrainRuntime>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGrainCallFilter, TenantIsolationCallFilter>());
        services.TryAddSingleton<ReminderService>();
        services.AddHostedService<GrainRuntimeService>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderService>());
        return services;
    }

    /// <summary>Registers a grain class for its interface under a stable type name (the name its data is stored under).</summary>
    public static IServiceCollection AddGrain<TInterface, TGrain>(this IServiceCollection services, string typeName)
        where TInterface : IGrain
        where TGrain : Grain, TInterface
    {
        var registration = new GrainRegistration(typeName, typeof(TInterface), typeof(TGrain));
        registration.Validate();
        services.AddSingleton(registration);
        return services;
    }
}
