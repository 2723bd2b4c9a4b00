namespace ServiceVision.Grains.Tests.Storage;

public sealed class SqliteOutboxStorageTests : OutboxStorageContract
{
    private readonly SqliteTestFiles files = new();

    protected override StoreUnderTest Connect(string location) => files.Connect(location);

    protected override StoreUnderTest ConnectAnotherHost(TimeSpan lease) => files.Connect(Location, lease);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        files.Dispose();
    }
}
