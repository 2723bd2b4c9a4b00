using Microsoft.Data.Sqlite;

namespace ServiceVision.Grains.Storage.Sqlite;

/// <summary>
/// One SQLite database file shared by <see cref="SqliteGrainStorage"/> and <see cref="SqliteReminderTable"/>:
/// opens connections and runs its writes one at a time.
/// </summary>
public sealed class SqliteStore : IDisposable
{
    // Another process (or another store on the same file) may hold the write lock: wait for it instead of failing with SQLITE_BUSY.
    private const int BusyTimeoutMilliseconds = 5000;

    // SQLite has a single writer anyway; queueing here is cheaper than every writer spinning in the busy handler.
    private readonly SemaphoreSlim writeGate = new(1, 1);

    public SqliteStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = connectionString;

        // SQLite creates the file but not its folder (e.g. "Data Source=data/servicevision.db").
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (dataSource.Length > 0 && dataSource != ":memory:")
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
    }

    public string ConnectionString { get; }

    /// <summary>Runs a query and maps each row; reads run concurrently (WAL lets them alongside the writer).</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(map);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = CreateCommand(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Runs write statements and returns the number of rows they changed; this store's writes run one at a time.</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = CreateCommand(connection, sql, parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            writeGate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction (BEGIN IMMEDIATE) under this store's write
    /// gate: it commits when the work returns and rolls back when it throws.
    /// </summary>
    internal async Task<T> InTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);

            // Not deferred: BEGIN IMMEDIATE takes the write lock up front, so the transaction never fails half-way on a lock upgrade.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            writeGate.Release();
        }
    }

    /// <summary>A command on a connection in a transaction (see <see cref="InTransactionAsync"/>).</summary>
    internal static SqliteCommand CreateCommand(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = CreateCommand(connection, sql, parameters);
        command.Transaction = transaction;
        return command;
    }

    public void Dispose() => writeGate.Dispose();

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static SqliteCommand CreateCommand(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
