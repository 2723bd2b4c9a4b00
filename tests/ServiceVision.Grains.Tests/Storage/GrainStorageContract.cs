using System.Text.Json.Nodes;
using Xunit;

namespace ServiceVision.Grains.Tests.Storage;

/// <summary>What every <see cref="Grains.Storage.IGrainStorage"/> must do; each store runs it in a subclass.</summary>
public abstract class GrainStorageContract : StorageContract
{
    private const string Type = "CounterGrain";
    private const string Key = "tenant-1/counter-7";

    [Fact]
    public async Task Reading_state_that_was_never_written_returns_null()
    {
        Assert.Null(await Store.Grains.ReadAsync(Type, Key, Ct));
    }

    [Fact]
    public async Task First_write_returns_version_1_and_reads_back()
    {
        var version = await Store.Grains.WriteAsync(Type, Key, """{"count":1}""", 0, Ct);

        Assert.Equal(1, version);
        var stored = await Store.Grains.ReadAsync(Type, Key, Ct);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        AssertSameJson("""{"count":1}""", stored.Json);
    }

    [Fact]
    public async Task Each_write_returns_the_next_version()
    {
        Assert.Equal(1, await Store.Grains.WriteAsync(Type, Key, """{"count":1}""", 0, Ct));
        Assert.Equal(2, await Store.Grains.WriteAsync(Type, Key, """{"count":2}""", 1, Ct));
        Assert.Equal(3, await Store.Grains.WriteAsync(Type, Key, """{"count":3}""", 2, Ct));

        var stored = await Store.Grains.ReadAsync(Type, Key, Ct);
        Assert.Equal(3, stored?.Version);
        AssertSameJson("""{"count":3}""", stored!.Json);
    }

    [Fact]
    public async Task Write_with_a_stale_version_throws_InconsistentStateException_and_changes_nothing()
    {
        await Store.Grains.WriteAsync(Type, Key, """{"count":1}""", 0, Ct);
        await Store.Grains.WriteAsync(Type, Key, """{"count":2}""", 1, Ct);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Store.Grains.WriteAsync(Type, Key, """{"count":99}""", 1, Ct));

        Assert.Equal(1, error.ExpectedVersion);
        var stored = await Store.Grains.ReadAsync(Type, Key, Ct);
        Assert.Equal(2, stored?.Version);
        AssertSameJson("""{"count":2}""", stored!.Json);
    }

    [Fact]
    public async Task Write_with_a_version_ahead_of_the_store_throws_InconsistentStateException()
    {
        await Store.Grains.WriteAsync(Type, Key, """{"count":1}""", 0, Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Grains.WriteAsync(Type, Key, "{}", 5, Ct));
        Assert.Equal(1, (await Store.Grains.ReadAsync(Type, Key, Ct))?.Version);
    }

    [Fact]
    public async Task Update_of_state_that_was_never_written_throws_InconsistentStateException_and_creates_nothing()
    {
        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Grains.WriteAsync(Type, Key, "{}", 1, Ct));

        Assert.Null(await Store.Grains.ReadAsync(Type, Key, Ct));
    }

    [Fact]
    public async Task First_write_when_state_already_exists_throws_InconsistentStateException_and_changes_nothing()
    {
        await Store.Grains.WriteAsync(Type, Key, """{"owner":"first"}""", 0, Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Store.Grains.WriteAsync(Type, Key, """{"owner":"second"}""", 0, Ct));

        var stored = await Store.Grains.ReadAsync(Type, Key, Ct);
        Assert.Equal(1, stored?.Version);
        AssertSameJson("""{"owner":"first"}""", stored!.Json);
    }

    [Fact]
    public async Task Of_twenty_concurrent_first_writes_exactly_one_wins()
    {
        await AssertExactlyOneOfTwentyWritersWinsAsync(expectedVersion: 0);
    }

    [Fact]
    public async Task Of_twenty_concurrent_writes_from_the_same_version_exactly_one_wins()
    {
        await Store.Grains.WriteAsync(Type, Key, """{"writer":"setup"}""", 0, Ct);

        await AssertExactlyOneOfTwentyWritersWinsAsync(expectedVersion: 1);
    }

    [Fact]
    public async Task Clear_with_the_current_version_deletes_the_state_so_a_read_returns_null()
    {
        await Store.Grains.WriteAsync(Type, Key, "{}", 0, Ct);
        await Store.Grains.WriteAsync(Type, Key, "{}", 1, Ct);

        await Store.Grains.ClearAsync(Type, Key, 2, Ct);

        Assert.Null(await Store.Grains.ReadAsync(Type, Key, Ct));
    }

    [Fact]
    public async Task Clear_with_a_stale_version_throws_InconsistentStateException_and_keeps_the_state()
    {
        await Store.Grains.WriteAsync(Type, Key, """{"count":1}""", 0, Ct);
        await Store.Grains.WriteAsync(Type, Key, """{"count":2}""", 1, Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Grains.ClearAsync(Type, Key, 1, Ct));

        Assert.Equal(2, (await Store.Grains.ReadAsync(Type, Key, Ct))?.Version);
    }

    [Fact]
    public async Task Clear_of_state_someone_else_already_cleared_throws_InconsistentStateException()
    {
        await Store.Grains.WriteAsync(Type, Key, "{}", 0, Ct);
        await ConnectAnotherHost().Grains.ClearAsync(Type, Key, 1, Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Grains.ClearAsync(Type, Key, 1, Ct));
    }

    [Fact]
    public async Task Clear_with_version_0_when_nothing_is_stored_does_nothing()
    {
        await Store.Grains.ClearAsync(Type, Key, 0, Ct);

        Assert.Null(await Store.Grains.ReadAsync(Type, Key, Ct));
    }

    [Fact]
    public async Task Clear_with_version_0_when_state_exists_throws_InconsistentStateException_and_keeps_it()
    {
        await Store.Grains.WriteAsync(Type, Key, "{}", 0, Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Grains.ClearAsync(Type, Key, 0, Ct));

        Assert.Equal(1, (await Store.Grains.ReadAsync(Type, Key, Ct))?.Version);
    }

    [Fact]
    public async Task Writing_after_clear_starts_again_from_version_0()
    {
        await Store.Grains.WriteAsync(Type, Key, """{"life":1}""", 0, Ct);
        await Store.Grains.ClearAsync(Type, Key, 1, Ct);

        Assert.Equal(1, await Store.Grains.WriteAsync(Type, Key, """{"life":2}""", 0, Ct));

        var stored = await Store.Grains.ReadAsync(Type, Key, Ct);
        Assert.Equal(1, stored?.Version);
        AssertSameJson("""{"life":2}""", stored!.Json);
    }

    [Fact]
    public async Task The_same_key_under_another_grain_type_or_another_key_is_independent_state()
    {
        await Store.Grains.WriteAsync("CounterGrain", "k", """{"of":"counter"}""", 0, Ct);
        await Store.Grains.WriteAsync("TimerGrain", "k", """{"of":"timer"}""", 0, Ct);
        await Store.Grains.WriteAsync("TimerGrain", "k", """{"of":"timer, again"}""", 1, Ct);
        await Store.Grains.WriteAsync("CounterGrain", "k2", """{"of":"counter k2"}""", 0, Ct);
        await Store.Grains.ClearAsync("CounterGrain", "k2", 1, Ct);

        var counter = await Store.Grains.ReadAsync("CounterGrain", "k", Ct);
        var timer = await Store.Grains.ReadAsync("TimerGrain", "k", Ct);
        Assert.Equal(1, counter?.Version);
        AssertSameJson("""{"of":"counter"}""", counter!.Json);
        Assert.Equal(2, timer?.Version);
        AssertSameJson("""{"of":"timer, again"}""", timer!.Json);
        Assert.Null(await Store.Grains.ReadAsync("CounterGrain", "k2", Ct));
    }

    [Theory]
    [InlineData("it's")]
    [InlineData("x'; DROP TABLE grain_state; --")]
    [InlineData("\"quoted\" \\ back\\slash")]
    [InlineData("100%_like_wildcards")]
    [InlineData("ключ/キー/🔑")]
    [InlineData("line\nbreak\ttab")]
    public async Task Keys_and_grain_types_with_odd_characters_round_trip(string odd)
    {
        await Store.Grains.WriteAsync(odd, odd, """{"ok":true}""", 0, Ct);
        await Store.Grains.WriteAsync(Type, odd, """{"ok":"other type"}""", 0, Ct);

        var stored = await Store.Grains.ReadAsync(odd, odd, Ct);
        Assert.Equal(1, stored?.Version);
        AssertSameJson("""{"ok":true}""", stored!.Json);
        Assert.Null(await Store.Grains.ReadAsync(odd, Key, Ct));
        Assert.Equal(2, await Store.Grains.WriteAsync(odd, odd, "{}", 1, Ct));
        await Store.Grains.ClearAsync(odd, odd, 2, Ct);
        Assert.Null(await Store.Grains.ReadAsync(odd, odd, Ct));
    }

    [Fact]
    public async Task Json_with_unicode_escapes_and_nesting_reads_back_equivalent()
    {
        const string Json = """{"name":"Zoë \"Z\" 🚀 \\ \u00e9","tags":["a","b"],"nested":{"n":-1.5,"none":null,"yes":true}}""";

        await Store.Grains.WriteAsync(Type, Key, Json, 0, Ct);

        AssertSameJson(Json, (await Store.Grains.ReadAsync(Type, Key, Ct))!.Json);
    }

    [Fact]
    public async Task Another_host_on_the_same_store_reads_and_continues_from_the_same_version()
    {
        await Store.Grains.WriteAsync(Type, Key, """{"by":"host 1"}""", 0, Ct);
        var otherHost = ConnectAnotherHost();

        Assert.Equal(1, (await otherHost.Grains.ReadAsync(Type, Key, Ct))?.Version);
        Assert.Equal(2, await otherHost.Grains.WriteAsync(Type, Key, """{"by":"host 2"}""", 1, Ct));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Grains.WriteAsync(Type, Key, "{}", 1, Ct));
    }

    [Fact]
    public async Task A_negative_expected_version_is_rejected_as_an_argument_error()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.Grains.WriteAsync(Type, Key, "{}", -1, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.Grains.ClearAsync(Type, Key, -1, Ct));
    }

    [Fact]
    public async Task Running_the_initializer_again_succeeds_and_keeps_the_stored_state()
    {
        await Store.Grains.WriteAsync(Type, Key, """{"kept":true}""", 0, Ct);

        await Store.Initializer.InitializeAsync(Ct);
        await ConnectAnotherHost().Initializer.InitializeAsync(Ct);

        var stored = await Store.Grains.ReadAsync(Type, Key, Ct);
        Assert.Equal(1, stored?.Version);
        AssertSameJson("""{"kept":true}""", stored!.Json);
    }

    [Fact]
    public async Task Initializers_of_several_hosts_starting_together_on_a_new_store_all_succeed()
    {
        var location = NewLocation();
        var hosts = Enumerable.Range(0, 4).Select(_ => Connect(location)).ToArray();

        await RaceAsync(hosts.Length, async i =>
        {
            await hosts[i].Initializer.InitializeAsync(Ct);
            return i;
        });

        Assert.Equal(1, await hosts[0].Grains.WriteAsync(Type, Key, "{}", 0, Ct));
        Assert.Equal(1, (await hosts[3].Grains.ReadAsync(Type, Key, Ct))?.Version);
    }

    private async Task AssertExactlyOneOfTwentyWritersWinsAsync(long expectedVersion)
    {
        // Half the writers go through a second host, so the race is also one between connections that share nothing in-process.
        StoreUnderTest[] hosts = [Store, ConnectAnotherHost()];

        var outcomes = await RaceAsync(20, async writer =>
        {
            try
            {
                return (Writer: writer, Version: await hosts[writer % 2].Grains.WriteAsync(Type, Key, WriterJson(writer), expectedVersion, Ct));
            }
            catch (InconsistentStateException)
            {
                return (Writer: writer, Version: -1L);
            }
        });

        var winner = Assert.Single(outcomes, outcome => outcome.Version >= 0);
        Assert.Equal(expectedVersion + 1, winner.Version);
        Assert.Equal(19, outcomes.Count(outcome => outcome.Version == -1));
        var stored = await Store.Grains.ReadAsync(Type, Key, Ct);
        Assert.Equal(expectedVersion + 1, stored?.Version);
        AssertSameJson(WriterJson(winner.Writer), stored!.Json);
    }

    private static string WriterJson(int writer) => $$"""{"writer":{{writer}}}""";

    // PostgreSQL's jsonb keeps the meaning of the JSON, not its text (whitespace, key order).
    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected JSON {expected} but read {actual}.");
}
