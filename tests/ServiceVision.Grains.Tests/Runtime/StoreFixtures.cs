using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Grains.Storage;
using ServiceVision.Testing;

namespace ServiceVision.Grains.Tests.Runtime;

/// <summary>A grain store a test class runs its silos on.</summary>
public interface IGrainStoreFixture
{
    void AddTo(IServiceCollection services);
}

public sealed class SqliteStoreFixture : IGrainStoreFixture, IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"sv-grains-{Guid.NewGuid():N}.db");

    public void AddTo(IServiceCollection services) => services.AddSqliteGrainStorage($"Data Source={path}");

    public void Dispose()
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}

public sealed class PostgresStoreFixture : IGrainStoreFixture, IAsyncLifetime
{
    private PostgresTestDatabase? database;

    public async ValueTask InitializeAsync() => database = await PostgresTestDatabase.CreateAsync();

    public void AddTo(IServiceCollection services) =>
        services.AddPostgresGrainStorage((database ?? throw new InvalidOperationException("Not initialized.")).ConnectionString);

    public async ValueTask DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
