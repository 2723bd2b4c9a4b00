using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceVision.Grains;
using ServiceVision.Grains.Runtime;

namespace ServiceVision.Grains.Tests.Runtime;

/// <summary>A host running the grain runtime with the test grains on a given store.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost host;

    private TestSilo(IHost host)
    {
        this.host = host;
        Runtime = host.Services.GetRequiredService<GrainRuntime>();
        Log = host.Services.GetRequiredService<GrainLog>();
        Reminders = host.Services.GetRequiredService<ReminderService>();
        MeterFactory = host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
    }

    public System.Diagnostics.Metrics.IMeterFactory MeterFactory { get; }

    public GrainRuntime Runtime { get; }

    public GrainLog Log { get; }

    public ReminderService Reminders { get; }

    public IServiceProvider Services => host.Services;

    public ICounterGrain Counter(string key) => Runtime.GetGrain<ICounterGrain>(key);

    public static async Task<TestSilo> StartAsync(IGrainStoreFixture store, Action<GrainRuntimeOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<GrainLog>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddGrainRuntime(options =>
        {
            options.ReminderPollInterval = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(options);
        });
        builder.Services.AddGrain<ICounterGrain, CounterGrain>("counter");
        builder.Services.AddGrain<IPublishingGrain, PublishingGrain>("publishing");
        store.AddTo(builder.Services);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new TestSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }
}
