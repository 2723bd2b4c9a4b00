using Npgsql;
using NpgsqlTypes;

namespace ServiceVision.Grains.Storage.Postgres;

/// <summary>
/// The outbox in <c>{schema}.outbox</c>, shared by every host on the database. A read claims rows
/// with <c>FOR UPDATE SKIP LOCKED</c> and a lease in the row (claimed_by, claimed_until): relays of
/// two hosts reading at the same moment get disjoint rows and neither waits for the other, and a
/// claimed row stays with its host until the lease expires (the lease, not an open transaction, spans
/// the publishing, so no transaction is held while the broker is slow).
/// </summary>
public sealed class PostgresOutboxStore : IOutboxStore
{
    private readonly NpgsqlDataSource dataSource;
    private readonly TimeSpan claimLease;
    private readonly string claimSql;
    private readonly string deleteSql;
    private readonly string countSql;

    /// <param name="claimLease">How long a claimed row stays with this instance (default 30 s).</param>
    public PostgresOutboxStore(NpgsqlDataSource dataSource, string schema = PostgresSchema.Default, TimeSpan? claimLease = null)
    {
        this.dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        this.claimLease = claimLease ?? TimeSpan.FromSeconds(30);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(this.claimLease, TimeSpan.Zero, nameof(claimLease));
        var table = PostgresSchema.Quote(schema) + ".outbox";
        claimSql = $"""
            UPDATE {table} AS o SET claimed_by = @owner, claimed_until = now() + @lease
            FROM (
                SELECT message_id FROM {table}
                WHERE claimed_until IS NULL OR claimed_until < now() OR claimed_by = @owner
                ORDER BY seq
                LIMIT @limit
                FOR UPDATE SKIP LOCKED
            ) AS c
            WHERE o.message_id = c.message_id
            RETURNING o.seq, o.message_id, o.message_type, o.body, o.organization_id, o.created_at, o.trace_parent
            """;
        deleteSql = $"DELETE FROM {table} WHERE message_id = ANY(@ids)";
        countSql = $"SELECT count(*) FROM {table}";
    }

    /// <summary>Who this instance claims rows as: unique per instance, so per host.</summary>
    public string Owner { get; } = Guid.NewGuid().ToString("N");

    public async Task<IReadOnlyList<OutboxMessage>> ReadPendingAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var command = dataSource.CreateCommand(claimSql);
        command.Parameters.AddWithValue("owner", Owner);
        command.Parameters.AddWithValue("lease", claimLease);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<(long Seq, OutboxMessage Message)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add((reader.GetInt64(0), new OutboxMessage(
                reader.GetGuid(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetString(6))));
        }

        // RETURNING does not promise an order.
        return [.. claimed.OrderBy(row => row.Seq).Select(row => row.Message)];
    }

    public async Task DeleteAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(deleteSql);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = messageIds.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(countSql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>One message as plain parameters of the state write's statement (see <see cref="PostgresGrainStorage"/>).</summary>
    internal static void AddRow(NpgsqlParameterCollection parameters, OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = message.MessageId });
        parameters.Add(new NpgsqlParameter("messageType", NpgsqlDbType.Text) { Value = message.MessageType });
        parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Text) { Value = message.Body });
        parameters.Add(new NpgsqlParameter("organization", NpgsqlDbType.Text) { Value = message.OrganizationId });
        parameters.Add(new NpgsqlParameter("created", NpgsqlDbType.TimestampTz) { Value = message.CreatedAt.ToUniversalTime() });
        parameters.Add(new NpgsqlParameter("trace", NpgsqlDbType.Text) { Value = (object?)message.TraceParent ?? DBNull.Value });
    }

    /// <summary>The messages as array parameters of the state write's statement (see <see cref="PostgresGrainStorage"/>).</summary>
    internal static void AddRows(NpgsqlParameterCollection parameters, IReadOnlyList<OutboxMessage> messages)
    {
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message);
        }

        parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = messages.Select(m => m.MessageId).ToArray() });
        parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = messages.Select(m => m.MessageType).ToArray() });
        parameters.Add(new NpgsqlParameter("bodies", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = messages.Select(m => m.Body).ToArray() });
        parameters.Add(new NpgsqlParameter("organizations", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = messages.Select(m => m.OrganizationId).ToArray() });

        // Npgsql writes only UTC DateTimeOffsets to timestamptz.
        parameters.Add(new NpgsqlParameter("created", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = messages.Select(m => m.CreatedAt.ToUniversalTime()).ToArray() });
        parameters.Add(new NpgsqlParameter("traces", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = messages.Select(m => (object?)m.TraceParent ?? DBNull.Value).ToArray() });
    }
}
