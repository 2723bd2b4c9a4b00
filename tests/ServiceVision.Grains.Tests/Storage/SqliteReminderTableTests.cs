using Xunit;

namespace ServiceVision.Grains.Tests.Storage;

public sealed class SqliteReminderTableTests : ReminderTableContract
{
    private readonly SqliteTestFiles files = new();

    protected override StoreUnderTest Connect(string location) => files.Connect(location);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        files.Dispose();
    }
}
