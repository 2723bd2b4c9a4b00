using Npgsql;

namespace ServiceVision.Grains.Storage.Postgres;

/// <summary>Marks of handled messages in <c>{schema}.processed_messages</c>, shared by every host on the database.</summary>
public sealed class PostgresProcessedMessages : IProcessedMessages
{
    private readonly NpgsqlDataSource dataSource;
    private readonly string markSql;
    private readonly string unmarkSql;
    private readonly string purgeSql;

    public PostgresProcessedMessages(NpgsqlDataSource dataSource, string schema = PostgresSchema.Default)
    {
        this.dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        var table = PostgresSchema.Quote(schema) + ".processed_messages";

        // Of two hosts marking the same message at once, the second waits for the first's insert, then inserts nothing.
        markSql = $"""
            INSERT INTO {table} (consumer, message_id, processed_at) VALUES (@consumer, @id, now())
            ON CONFLICT (consumer, message_id) DO NOTHING
            """;
        unmarkSql = $"DELETE FROM {table} WHERE consumer = @consumer AND message_id = @id";
        purgeSql = $"DELETE FROM {table} WHERE processed_at < @before";
    }

    public async Task<bool> TryMarkAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var command = Command(markSql, consumer, messageId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task UnmarkAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var command = Command(unmarkSql, consumer, messageId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(purgeSql);
        command.Parameters.AddWithValue("before", before.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Command(string sql, string consumer, Guid messageId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("consumer", consumer);
        command.Parameters.AddWithValue("id", messageId);
        return command;
    }
}
