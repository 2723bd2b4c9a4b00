using System.Globalization;

namespace ServiceVision.Grains.Storage.Sqlite;

/// <summary>Marks of handled messages in the <c>processed_messages</c> table of a SQLite file.</summary>
public sealed class SqliteProcessedMessages(SqliteStore store, TimeProvider? time = null) : IProcessedMessages
{
    private readonly SqliteStore store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly TimeProvider time = time ?? TimeProvider.System;

    public async Task<bool> TryMarkAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        return await store.ExecuteAsync(
            """
            INSERT INTO processed_messages (consumer, message_id, processed_at) VALUES (@consumer, @id, @now)
            ON CONFLICT (consumer, message_id) DO NOTHING
            """,
            cancellationToken,
            ("@consumer", consumer),
            ("@id", Text(messageId)),
            ("@now", time.GetUtcNow().ToUnixTimeMilliseconds())) == 1;
    }

    public async Task UnmarkAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        await store.ExecuteAsync(
            "DELETE FROM processed_messages WHERE consumer = @consumer AND message_id = @id",
            cancellationToken,
            ("@consumer", consumer),
            ("@id", Text(messageId)));
    }

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        store.ExecuteAsync(
            "DELETE FROM processed_messages WHERE processed_at < @before",
            cancellationToken,
            ("@before", before.ToUnixTimeMilliseconds()));

    private static string Text(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);
}
