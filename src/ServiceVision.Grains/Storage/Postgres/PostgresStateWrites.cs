using Npgsql;
using NpgsqlTypes;

namespace ServiceVision.Grains.Storage.Postgres;

/// <summary>One state write on its way to PostgreSQL, with the messages it adds to the outbox.</summary>
internal sealed record StateWrite(string GrainType, string GrainKey, string Json, long ExpectedVersion, IReadOnlyList<OutboxMessage> Messages);

/// <summary>
/// The statements that write grain state (and outbox rows with it), each one atomic: the outbox rows
/// are inserted only when the state statement changed its row. <see cref="One"/> writes one grain;
/// <see cref="Updates"/> updates many grains in one statement, answering which of them it changed.
/// </summary>
/// <remarks>
/// Updates of many grains share one statement because PostgreSQL spends more on each statement than on
/// each row: a batch of updates as one set-based statement costs it about half as much per write as the
/// same updates as statements of their own in one round trip. First writes stay statements of their own:
/// <c>INSERT ... ON CONFLICT DO NOTHING</c> cannot say which input row it skipped.
/// </remarks>
internal sealed class PostgresStateWrites
{
    private readonly PostgresOutboxOwner? outboxOwner;
    private readonly string insertSql;
    private readonly string updateSql;
    private readonly string insertWithOutboxSql;
    private readonly string updateWithOutboxSql;
    private readonly string insertWithMessageSql;
    private readonly string updateWithMessageSql;
    private readonly string updatesSql;

    public PostgresStateWrites(string schema, PostgresOutboxOwner? outboxOwner)
    {
        this.outboxOwner = outboxOwner;
        var table = PostgresSchema.Quote(schema) + ".grain_state";
        var outbox = PostgresSchema.Quote(schema) + ".outbox";

        // A first write that meets an existing row affects nothing instead of failing, so no error ends up in the server log.
        var insert = $"""
            INSERT INTO {table} (grain_type, grain_key, json, version, updated_at)
            VALUES (@type, @key, @json, 1, now())
            ON CONFLICT (grain_type, grain_key) DO NOTHING
            """;

        // A concurrent update of the same row waits for the row lock, then re-checks the version and affects nothing.
        var update = $"""
            UPDATE {table} SET json = @json, version = version + 1, updated_at = now()
            WHERE grain_type = @type AND grain_key = @key AND version = @expected
            """;

        // With messages: one statement, so one atomic unit. The outbox insert runs only when the state
        // statement affected its row, and the statement answers how many state rows it changed.
        var withOutbox = $"""
            ), o AS (
                INSERT INTO {outbox} (message_id, message_type, body, organization_id, created_at, trace_parent, claimed_by, claimed_until)
                SELECT m.id, m.type, m.body, m.organization, m.created, m.trace, @claimedBy, now() + @claimLease
                FROM unnest(@ids, @types, @bodies, @organizations, @created, @traces) WITH ORDINALITY AS m(id, type, body, organization, created, trace, ord)
                WHERE EXISTS (SELECT 1 FROM s)
                ORDER BY m.ord
            )
            SELECT count(*) FROM s
            """;
        insertWithOutboxSql = $"WITH s AS (\n{insert}\nRETURNING 1\n{withOutbox}";
        updateWithOutboxSql = $"WITH s AS (\n{update}\nRETURNING 1\n{withOutbox}";

        // Most writes carry one message: plain parameters spare encoding and unnesting six arrays.
        var withOneMessage = $"""
            ), o AS (
                INSERT INTO {outbox} (message_id, message_type, body, organization_id, created_at, trace_parent, claimed_by, claimed_until)
                SELECT @id, @messageType, @body, @organization, @created, @trace, @claimedBy, now() + @claimLease
                WHERE EXISTS (SELECT 1 FROM s)
            )
            SELECT count(*) FROM s
            """;
        insertWithMessageSql = $"WITH s AS (\n{insert}\nRETURNING 1\n{withOneMessage}";
        updateWithMessageSql = $"WITH s AS (\n{update}\nRETURNING 1\n{withOneMessage}";

        // Every write answers the state rows it changed as a result row, so writes can share a batch.
        insertSql = $"WITH s AS (\n{insert}\nRETURNING 1\n)\nSELECT count(*) FROM s";
        updateSql = $"WITH s AS (\n{update}\nRETURNING 1\n)\nSELECT count(*) FROM s";

        // Many updates: the writes and their messages as arrays; a message names its write by ordinal.
        // Two updates of one grain in the same statement change the row once: the other answers stale.
        updatesSql = $"""
            WITH w AS (
                SELECT * FROM unnest(@grainTypes, @keys, @jsons, @expected) WITH ORDINALITY AS w(grain_type, grain_key, json, expected, ord)
            ), s AS (
                UPDATE {table} g SET json = w.json, version = g.version + 1, updated_at = now()
                FROM w
                WHERE g.grain_type = w.grain_type AND g.grain_key = w.grain_key AND g.version = w.expected
                RETURNING w.ord
            ), o AS (
                INSERT INTO {outbox} (message_id, message_type, body, organization_id, created_at, trace_parent, claimed_by, claimed_until)
                SELECT m.id, m.type, m.body, m.organization, m.created, m.trace, @claimedBy, now() + @claimLease
                FROM unnest(@ids, @types, @bodies, @organizations, @created, @traces, @writes) WITH ORDINALITY AS m(id, type, body, organization, created, trace, write, n)
                WHERE m.write IN (SELECT ord FROM s)
                ORDER BY m.n
            )
            SELECT ord FROM s
            """;
    }

    /// <summary>One write; its result is one row with the number of state rows it changed (0 or 1).</summary>
    public NpgsqlBatchCommand One(StateWrite write)
    {
        var messages = write.Messages.Count;
        var command = new NpgsqlBatchCommand((write.ExpectedVersion == 0, messages) switch
        {
            (true, 0) => insertSql,
            (true, 1) => insertWithMessageSql,
            (true, _) => insertWithOutboxSql,
            (false, 0) => updateSql,
            (false, 1) => updateWithMessageSql,
            (false, _) => updateWithOutboxSql,
        });
        command.Parameters.AddWithValue("type", write.GrainType);
        command.Parameters.AddWithValue("key", write.GrainKey);
        if (write.ExpectedVersion != 0)
        {
            command.Parameters.AddWithValue("expected", write.ExpectedVersion);
        }

        command.Parameters.Add(new NpgsqlParameter("json", NpgsqlDbType.Jsonb) { Value = write.Json });
        if (messages == 1)
        {
            AddClaim(command.Parameters);
            AddRow(command.Parameters, write.Messages[0]);
        }
        else if (messages > 1)
        {
            AddClaim(command.Parameters);
            AddRows(command.Parameters, write.Messages, writes: null);
        }

        return command;
    }

    /// <summary>
    /// Updates (expected version above 0) in one statement; its result is a row with the 1-based
    /// position of each write that changed its row.
    /// </summary>
    public NpgsqlBatchCommand Updates(IReadOnlyList<StateWrite> updates)
    {
        var command = new NpgsqlBatchCommand(updatesSql);
        command.Parameters.Add(new NpgsqlParameter("grainTypes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = updates.Select(w => w.GrainType).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = updates.Select(w => w.GrainKey).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("jsons", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = updates.Select(w => w.Json).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("expected", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = updates.Select(w => w.ExpectedVersion).ToArray() });
        AddClaim(command.Parameters);
        var messages = new List<OutboxMessage>();
        var writes = new List<long>();
        for (var i = 0; i < updates.Count; i++)
        {
            foreach (var message in updates[i].Messages)
            {
                messages.Add(message);
                writes.Add(i + 1);
            }
        }

        AddRows(command.Parameters, messages, writes);
        return command;
    }

    /// <summary>Claimed by this host when its relay runs (null + interval is null: unclaimed otherwise).</summary>
    private void AddClaim(NpgsqlParameterCollection parameters)
    {
        var claiming = outboxOwner is { ClaimsOnWrite: true };
        parameters.Add(new NpgsqlParameter("claimedBy", NpgsqlDbType.Text) { Value = claiming ? outboxOwner!.Id : DBNull.Value });
        parameters.Add(new NpgsqlParameter("claimLease", NpgsqlDbType.Interval) { Value = claiming ? outboxOwner!.Lease : DBNull.Value });
    }

    private static void AddRow(NpgsqlParameterCollection parameters, OutboxMessage message)
    {
        parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = message.MessageId });
        parameters.Add(new NpgsqlParameter("messageType", NpgsqlDbType.Text) { Value = message.MessageType });
        parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Text) { Value = message.Body });
        parameters.Add(new NpgsqlParameter("organization", NpgsqlDbType.Text) { Value = message.OrganizationId });
        parameters.Add(new NpgsqlParameter("created", NpgsqlDbType.TimestampTz) { Value = message.CreatedAt.ToUniversalTime() });
        parameters.Add(new NpgsqlParameter("trace", NpgsqlDbType.Text) { Value = (object?)message.TraceParent ?? DBNull.Value });
    }

    /// <param name="writes">For each message, the position of its write in an <see cref="Updates"/> statement; null in a statement of one write.</param>
    private static void AddRows(NpgsqlParameterCollection parameters, IReadOnlyList<OutboxMessage> messages, List<long>? writes)
    {
        parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = messages.Select(m => m.MessageId).ToArray() });
        parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = messages.Select(m => m.MessageType).ToArray() });
        parameters.Add(new NpgsqlParameter("bodies", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = messages.Select(m => m.Body).ToArray() });
        parameters.Add(new NpgsqlParameter("organizations", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = messages.Select(m => m.OrganizationId).ToArray() });

        // Npgsql writes only UTC DateTimeOffsets to timestamptz.
        parameters.Add(new NpgsqlParameter("created", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = messages.Select(m => m.CreatedAt.ToUniversalTime()).ToArray() });
        parameters.Add(new NpgsqlParameter("traces", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = messages.Select(m => (object?)m.TraceParent ?? DBNull.Value).ToArray() });
        if (writes is not null)
        {
            parameters.Add(new NpgsqlParameter("writes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = writes.ToArray() });
        }
    }
}
