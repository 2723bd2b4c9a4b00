using Xunit;

namespace ServiceVision.Testing;

/// <summary>Waits for something that happens asynchronously (a consumer, a relay, a reminder).</summary>
public static class Eventually
{
    /// <summary>
    /// How long a test waits for what the bus, the outbox relay or reminders deliver. Generous, since
    /// several test projects share the CI machine's cores; a wait ends as soon as its condition holds.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after <paramref name="within"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan within, string because)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not true within {within}: {because}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, TimeSpan within, string because) =>
        HoldsAsync(() => Task.FromResult(condition()), within, because);
}
