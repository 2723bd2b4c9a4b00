using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using ServiceVision.Grains.Storage.Postgres;
using ServiceVision.Grains.Storage.Sqlite;

namespace ServiceVision.Grains.Storage;

/// <summary>
/// Registers one store as <see cref="IGrainStorage"/>, <see cref="IReminderTable"/>, <see cref="IOutboxStore"/>,
/// <see cref="IProcessedMessages"/> and <see cref="IStorageInitializer"/>.
/// </summary>
public static class StorageServiceCollectionExtensions
{
    // Keyed, so that the store's own data source neither clashes with nor replaces one the application registers.
    private const string DataSourceKey = "ServiceVision.Grains.Storage";

    /// <summary>Embedded store in one SQLite file, e.g. <c>Data Source=data/servicevision.db</c>.</summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        services.AddSingleton(_ => new SqliteStore(connectionString));
        services.AddSingleton<IGrainStorage>(sp => new TracedGrainStorage(new SqliteGrainStorage(sp.GetRequiredService<SqliteStore>())));
        services.AddSingleton<IReminderTable>(sp => new SqliteReminderTable(sp.GetRequiredService<SqliteStore>()));
        services.AddSingleton<IOutboxStore>(sp => new SqliteOutboxStore(sp.GetRequiredService<SqliteStore>(), sp.GetService<TimeProvider>()));
        services.AddSingleton<IProcessedMessages>(sp => new SqliteProcessedMessages(sp.GetRequiredService<SqliteStore>(), sp.GetService<TimeProvider>()));
        services.AddSingleton<IStorageInitializer>(sp => new SqliteStorageInitializer(sp.GetRequiredService<SqliteStore>()));
        return services;
    }

    /// <summary>PostgreSQL store on a data source the caller owns (the container does not dispose it).</summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, NpgsqlDataSource dataSource, string schema = "grains")
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(dataSource);

        // An instance registration: the container disposes only what it created.
        services.AddKeyedSingleton(DataSourceKey, dataSource);
        return services.AddPostgresStores(schema);
    }

    /// <summary>PostgreSQL store on a data source built from <paramref name="connectionString"/> and disposed with the container.</summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string connectionString, string schema = "grains")
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        services.AddKeyedSingleton(DataSourceKey, (_, _) => NpgsqlDataSource.Create(ForTheStore(connectionString)));
        return services.AddPostgresStores(schema);
    }

    /// <summary>
    /// How the store uses its connections. It runs the same few statements over and over: letting
    /// Npgsql prepare them spares the server parsing and planning each one again (a large share of a
    /// write's cost); a connection string that sets Max Auto Prepare keeps its own value. And it keeps
    /// no session state (no SET, LISTEN, temporary tables or session advisory locks), so the reset
    /// Npgsql sends when a connection goes back to the pool (seven statements, run on its next use) is
    /// work for nothing: No Reset On Close. An open transaction is still rolled back.
    /// </summary>
    private static string ForTheStore(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    private static IServiceCollection AddPostgresStores(this IServiceCollection services, string schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);

        // The grain store and the outbox share the host's claim: while the relay runs, writes claim their rows.
        var outboxOwner = new PostgresOutboxOwner();
        services.AddSingleton<IGrainStorage>(sp => new TracedGrainStorage(new PostgresGrainStorage(DataSource(sp), schema, outboxOwner)));
        services.AddSingleton<IReminderTable>(sp => new PostgresReminderTable(DataSource(sp), schema));
        services.AddSingleton<IOutboxStore>(sp => new PostgresOutboxStore(DataSource(sp), outboxOwner, schema, sp.GetService<ILogger<PostgresOutboxStore>>()));
        services.AddSingleton<IProcessedMessages>(sp => new PostgresProcessedMessages(DataSource(sp), schema));
        services.AddSingleton<IStorageInitializer>(sp => new PostgresStorageInitializer(DataSource(sp), schema));
        return services;

        static NpgsqlDataSource DataSource(IServiceProvider sp) => sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey);
    }
}
