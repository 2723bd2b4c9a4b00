using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ServiceVision.Grains.Storage.Sqlite;

/// <summary>
/// The outbox in the <c>outbox</c> table of a SQLite file. Rows are ordered by an integer sequence;
/// times are UTC unix milliseconds. Claims are leases in the row (claimed_by, claimed_until), taken in
/// one statement under the file's write lock, so relays of several processes on one file never hold
/// the same row at once.
/// </summary>
public sealed class SqliteOutboxStore : IOutboxStore
{
    private const string Columns = "message_id, message_type, body, organization_id, created_at, trace_parent";

    private readonly SqliteStore store;
    private readonly TimeProvider time;
    private readonly TimeSpan claimLease;

    /// <param name="claimLease">How long a claimed row stays with this instance (default 30 s).</param>
    public SqliteOutboxStore(SqliteStore store, TimeProvider? time = null, TimeSpan? claimLease = null)
    {
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.time = time ?? TimeProvider.System;
        this.claimLease = claimLease ?? TimeSpan.FromSeconds(30);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(this.claimLease, TimeSpan.Zero, nameof(claimLease));
    }

    /// <summary>Who this instance claims rows as: unique per instance, so per host.</summary>
    public string Owner { get; } = Guid.NewGuid().ToString("N");

    public async Task<IReadOnlyList<OutboxMessage>> ReadPendingAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return await store.InTransactionAsync(
            async (connection, transaction) =>
            {
                await using var command = SqliteStore.CreateCommand(
                    connection,
                    transaction,
                    $"""
                    UPDATE outbox SET claimed_by = @owner, claimed_until = @until
                    WHERE seq IN (
                        SELECT seq FROM outbox
                        WHERE claimed_until IS NULL OR claimed_until < @now OR claimed_by = @owner
                        ORDER BY seq LIMIT @limit)
                    RETURNING seq, {Columns}
                    """,
                    ("@owner", Owner),
                    ("@until", now + (long)claimLease.TotalMilliseconds),
                    ("@now", now),
                    ("@limit", limit));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var claimed = new List<(long Seq, OutboxMessage Message)>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    claimed.Add((reader.GetInt64(0), new OutboxMessage(
                        Guid.Parse(reader.GetString(1)),
                        reader.GetString(2),
                        reader.GetString(3),
                        reader.GetString(4),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                        reader.IsDBNull(6) ? null : reader.GetString(6))));
                }

                // RETURNING does not promise an order.
                return (IReadOnlyList<OutboxMessage>)[.. claimed.OrderBy(row => row.Seq).Select(row => row.Message)];
            },
            cancellationToken);
    }

    /// <summary>Nothing to do: SQLite serializes writers anyway, so a claim at read costs little here.</summary>
    public Task SetRelayRunningAsync(bool running, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task DeleteAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count == 0)
        {
            return;
        }

        await store.ExecuteAsync(
            "DELETE FROM outbox WHERE message_id IN (SELECT value FROM json_each(@ids))",
            cancellationToken,
            ("@ids", JsonSerializer.Serialize(messageIds.Select(Text))));
    }

    public async Task<long> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        var rows = await store.QueryAsync("SELECT count(*) FROM outbox", reader => reader.GetInt64(0), cancellationToken);
        return rows[0];
    }

    /// <summary>Adds messages inside the state write's transaction.</summary>
    internal static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        await using var command = SqliteStore.CreateCommand(
            connection,
            transaction,
            $"INSERT INTO outbox ({Columns}) VALUES (@id, @type, @body, @organization, @created, @trace)");
        var id = command.Parameters.Add("@id", SqliteType.Text);
        var type = command.Parameters.Add("@type", SqliteType.Text);
        var body = command.Parameters.Add("@body", SqliteType.Text);
        var organization = command.Parameters.Add("@organization", SqliteType.Text);
        var created = command.Parameters.Add("@created", SqliteType.Integer);
        var trace = command.Parameters.Add("@trace", SqliteType.Text);
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message);
            id.Value = Text(message.MessageId);
            type.Value = message.MessageType;
            body.Value = message.Body;
            organization.Value = message.OrganizationId;
            created.Value = message.CreatedAt.ToUnixTimeMilliseconds();
            trace.Value = (object?)message.TraceParent ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string Text(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);
}
