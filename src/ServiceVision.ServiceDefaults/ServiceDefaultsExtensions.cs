using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ServiceVision.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>Tag of checks that say the process is alive (restart it if not).</summary>
    public const string LiveTag = "live";

    /// <summary>Tag of checks that say the process can serve (route traffic to it if so).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Activity sources and meters of our own code start with this.</summary>
    public const string TelemetryPrefix = "ServiceVision";

    /// <summary>Health checks, problem details and, when an OTLP endpoint is configured, traces, metrics and logs.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddProblemDetails();
        builder.AddOpenTelemetryExport();
        return builder;
    }

    /// <summary>
    /// OTLP export of traces, metrics and logs (with the trace and span ids of the activity that wrote them) from ASP.NET Core, HttpClient, MassTransit, Npgsql and our
    /// own sources. The hosting and instrumentation packages are not available here, so the
    /// providers are built with the SDK and disposed with the container.
    /// </summary>
    private static void AddOpenTelemetryExport(this IHostApplicationBuilder builder)
    {
        var endpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return;
        }

        var resource = ResourceBuilder.CreateDefault().AddService(builder.Environment.ApplicationName);
        string[] sources = [$"{TelemetryPrefix}.*", "Microsoft.AspNetCore", "System.Net.Http", "MassTransit", "Npgsql"];
        var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(sources)
            .AddOtlpExporter()
            .Build();
        var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(sources)
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http")
            .AddOtlpExporter()
            .Build();
        builder.Services.AddSingleton(tracing);
        builder.Services.AddSingleton(metrics);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.SetResourceBuilder(resource);
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.AddOtlpExporter();
        });
    }

    /// <summary>/health/live answers while the process runs; /health/ready once its store and bus answer.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
