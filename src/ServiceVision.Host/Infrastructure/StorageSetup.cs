using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ServiceVision.Grains.Storage;
using ServiceVision.ServiceDefaults;

namespace ServiceVision.Host.Infrastructure;

/// <summary>Which store holds grain state and reminders (section "Storage").</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Sqlite (embedded, the default) or PostgreSQL.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>PostgreSQL schema for grain state and reminders.</summary>
    public string GrainSchema { get; set; } = "grains";
}

public enum StorageProvider
{
    Sqlite,
    PostgreSQL,
}

public static class StorageSetup
{
    private const string DefaultSqlite = "Data Source=data/servicevision.db";

    /// <summary>
    /// The embedded SQLite file under the app's data folder by default, so `dotnet run` needs
    /// nothing installed; PostgreSQL (ConnectionStrings:Postgres) when Storage:Provider says so.
    /// </summary>
    public static IHostApplicationBuilder AddGrainStorage(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        switch (options.Provider)
        {
            case StorageProvider.PostgreSQL:
                var postgres = builder.Configuration.GetConnectionString("Postgres");
                if (string.IsNullOrWhiteSpace(postgres))
                {
                    throw new OptionsValidationException("ConnectionStrings:Postgres", typeof(StorageOptions), ["Storage:Provider is PostgreSQL but ConnectionStrings:Postgres is empty."]);
                }

                builder.Services.AddPostgresGrainStorage(postgres, options.GrainSchema);
                break;
            default:
                builder.Services.AddSqliteGrainStorage(SqliteUnderContentRoot(builder.Configuration.GetConnectionString("Sqlite") ?? DefaultSqlite, builder.Environment.ContentRootPath));
                break;
        }

        builder.Services.AddHealthChecks().AddCheck<GrainStorageHealthCheck>("grain-storage", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>A relative SQLite path is taken from the content root, and its folder is created.</summary>
    private static string SqliteUnderContentRoot(string connectionString, string contentRoot)
    {
        var settings = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (settings.DataSource != ":memory:" && !Path.IsPathRooted(settings.DataSource))
        {
            settings.DataSource = Path.GetFullPath(Path.Combine(contentRoot, settings.DataSource));
        }

        if (Path.GetDirectoryName(settings.DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        return settings.ToString();
    }
}

/// <summary>Ready when the grain store answers a read.</summary>
internal sealed class GrainStorageHealthCheck(IGrainStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await storage.ReadAsync("health", "probe", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception error)
        {
            return HealthCheckResult.Unhealthy("The grain store does not answer.", error);
        }
    }
}
