using Npgsql;

namespace ServiceVision.Testing;

/// <summary>
/// A fresh, uniquely named PostgreSQL database for one test class, dropped on dispose. The server
/// comes from <c>SV_TEST_POSTGRES</c>; without it the test fails (it never silently skips).
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "SV_TEST_POSTGRES";

    private readonly string serverConnectionString;

    private PostgresTestDatabase(string serverConnectionString, string name)
    {
        this.serverConnectionString = serverConnectionString;
        Name = name;
        // Test assemblies run side by side on one server (max_connections 300), each with hosts of its
        // own: every pool stays small, as a deployment keeps hosts × pool size under the server's limit.
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, MaxPoolSize = 20 }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The server to create test databases on (we must be allowed to create and drop databases there).</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set: run ./test.sh or infra/local/services.sh start");

    public static async Task<PostgresTestDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var server = ServerConnectionString;
        var name = "sv_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"", cancellationToken);
        return new PostgresTestDatabase(server, name);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();

        // FORCE: a connection the test left open must not keep the database alive.
        await ExecuteAsync(serverConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", CancellationToken.None);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
