using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace ServiceVision.Grains.Storage.Postgres;

/// <summary>
/// The outbox in <c>{schema}.outbox</c>, shared by every host on the database. A claim is a lease in
/// the row (claimed_by, claimed_until): relays of two hosts get disjoint rows and neither waits for the
/// other, and a claimed row stays with its host until the lease expires (the lease, not an open
/// transaction, spans the publishing, so no transaction is held while the broker is slow).
/// </summary>
/// <remarks>
/// While this host's relay runs (<see cref="SetRelayRunningAsync"/>), its writes insert their rows
/// already claimed (<see cref="PostgresOutboxOwner"/>): a read is then a plain SELECT of the host's own
/// rows, its claims are renewed every third of the lease, and rows of other hosts are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> only when they are unclaimed (written by a host without a relay) or
/// their lease expired (their host died), checked at most once per <see cref="AdoptionInterval"/>
/// unless the last such claim filled its batch. When the relay stops, its claims are released, so
/// another host's relay takes the rows at once.
/// <para>
/// The table is a queue: every row is deleted soon after it is written. Autovacuum visits it about
/// once a minute, and until it does, every read walks the dead entries at the head of the index; on a
/// busy host that is hundreds of thousands of them. So the store vacuums the table itself after every
/// <see cref="VacuumEvery"/> deleted rows (a few milliseconds; skipped while another host vacuums it).
/// </para>
/// </remarks>
public sealed partial class PostgresOutboxStore : IOutboxStore
{
    /// <summary>How often a relaying host looks for rows no live host holds.</summary>
    public static readonly TimeSpan AdoptionInterval = TimeSpan.FromSeconds(1);

    /// <summary>Deleted rows after which this store vacuums the table.</summary>
    public const int VacuumEvery = 10_000;

    private readonly NpgsqlDataSource dataSource;
    private readonly PostgresOutboxOwner owner;
    private readonly string claimSql;
    private readonly string adoptSql;
    private readonly string readOwnSql;
    private readonly string renewSql;
    private readonly string releaseSql;
    private readonly string deleteSql;
    private readonly string countSql;
    private readonly string vacuumSql;
    private readonly ILogger logger;
    // Touched only by ReadPendingAsync and SetRelayRunningAsync, which the host's one relay calls in turn.
    private long lastRenewal;
    private long lastAdoption;
    private bool lastAdoptionFull;
    private int deletedSinceVacuum;

    /// <param name="owner">This host's claim, shared with its <see cref="PostgresGrainStorage"/>.</param>
    public PostgresOutboxStore(NpgsqlDataSource dataSource, PostgresOutboxOwner owner, string schema = PostgresSchema.Default, ILogger<PostgresOutboxStore>? logger = null)
    {
        this.dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        this.owner = owner ?? throw new ArgumentNullException(nameof(owner));
        this.logger = logger ?? NullLogger<PostgresOutboxStore>.Instance;
        var table = PostgresSchema.Quote(schema) + ".outbox";
        const string Columns = "o.seq, o.message_id, o.message_type, o.body, o.organization_id, o.created_at, o.trace_parent";
        string Claim(string claimable) => $"""
            UPDATE {table} AS o SET claimed_by = @owner, claimed_until = now() + @lease
            FROM (
                SELECT message_id FROM {table}
                WHERE {claimable}
                ORDER BY seq
                LIMIT @limit
                FOR UPDATE SKIP LOCKED
            ) AS c
            WHERE o.message_id = c.message_id
            RETURNING {Columns}
            """;
        claimSql = Claim("claimed_until IS NULL OR claimed_until < now() OR claimed_by = @owner");

        // Own rows come from readOwnSql; an own row whose lease lapsed must not come twice.
        adoptSql = Claim("(claimed_until IS NULL OR claimed_until < now()) AND claimed_by IS DISTINCT FROM @owner");
        readOwnSql = $"""
            SELECT {Columns} FROM {table} AS o WHERE o.claimed_by = @owner ORDER BY o.seq LIMIT @limit
            """;
        renewSql = $"UPDATE {table} SET claimed_until = now() + @lease WHERE claimed_by = @owner AND claimed_until < now() + @lease / 2";
        releaseSql = $"UPDATE {table} SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = @owner";
        deleteSql = $"DELETE FROM {table} WHERE message_id = ANY(@ids)";
        countSql = $"SELECT count(*) FROM {table}";
        vacuumSql = $"VACUUM (SKIP_LOCKED) {table}";
    }

    public async Task<IReadOnlyList<OutboxMessage>> ReadPendingAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (!owner.ClaimsOnWrite)
        {
            return InOrder(await ReadAsync(claimSql, limit, cancellationToken));
        }

        if (lastRenewal == 0 || Stopwatch.GetElapsedTime(lastRenewal) >= owner.Lease / 3)
        {
            await using var renew = OwnerCommand(renewSql);
            await renew.ExecuteNonQueryAsync(cancellationToken);
            lastRenewal = Stopwatch.GetTimestamp();
        }

        var rows = await ReadAsync(readOwnSql, limit, cancellationToken);
        if (rows.Count < limit && (lastAdoptionFull || lastAdoption == 0 || Stopwatch.GetElapsedTime(lastAdoption) >= AdoptionInterval))
        {
            var adopted = await ReadAsync(adoptSql, limit - rows.Count, cancellationToken);
            lastAdoption = Stopwatch.GetTimestamp();
            lastAdoptionFull = adopted.Count == limit - rows.Count;
            rows.AddRange(adopted);
        }

        return InOrder(rows);
    }

    public async Task SetRelayRunningAsync(bool running, CancellationToken cancellationToken = default)
    {
        owner.ClaimsOnWrite = running;
        lastRenewal = lastAdoption = 0;
        if (!running)
        {
            await using var release = OwnerCommand(releaseSql);
            await release.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task DeleteAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count == 0)
        {
            return;
        }

        await using (var command = dataSource.CreateCommand(deleteSql))
        {
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = messageIds.ToArray() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (Interlocked.Add(ref deletedSinceVacuum, messageIds.Count) >= VacuumEvery)
        {
            Interlocked.Exchange(ref deletedSinceVacuum, 0);
            await VacuumAsync(cancellationToken);
        }
    }

    /// <summary>Vacuums the table; a failure is only logged, since the rows are deleted and autovacuum comes later anyway.</summary>
    private async Task VacuumAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var vacuum = dataSource.CreateCommand(vacuumSql);
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception error) when (error is NpgsqlException or OperationCanceledException)
        {
            LogVacuumFailed(logger, error);
        }
    }

    private async Task<List<(long Seq, OutboxMessage Message)>> ReadAsync(string sql, int limit, CancellationToken cancellationToken)
    {
        await using var command = OwnerCommand(sql);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(long Seq, OutboxMessage Message)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetInt64(0), new OutboxMessage(
                reader.GetGuid(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetString(6))));
        }

        return rows;
    }

    /// <summary>A command with this host's @owner and @lease (statements that do not use one ignore it).</summary>
    private NpgsqlCommand OwnerCommand(string sql)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("owner", owner.Id);
        command.Parameters.AddWithValue("lease", owner.Lease);
        return command;
    }

    // RETURNING does not promise an order.
    private static OutboxMessage[] InOrder(List<(long Seq, OutboxMessage Message)> rows) => [.. rows.OrderBy(row => row.Seq).Select(row => row.Message)];

    public async Task<long> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(countSql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vacuuming the outbox table failed; autovacuum will clean it up later")]
    private static partial void LogVacuumFailed(ILogger logger, Exception error);
}
