using Microsoft.Extensions.Logging;

namespace ServiceVision.Testing;

/// <summary>
/// Appends every error the hosts of a test run log (with its exception) to artifacts/logs/host-errors.log,
/// so that a 500 in CI can be traced to its cause; ./test.sh prints the file's tail when tests fail.
/// </summary>
public sealed class ErrorLogFile : ILoggerProvider
{
    private static readonly Lock Writing = new();

    /// <summary>The file, under the repository's artifacts/logs (null outside a checkout: then nothing is written).</summary>
    public static string? Path { get; } = FindPath();

    public ILogger CreateLogger(string categoryName) => new FileLogger(categoryName);

    public void Dispose()
    {
    }

    private static string? FindPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "ServiceVision.sln")))
            {
                var logs = Directory.CreateDirectory(System.IO.Path.Combine(folder.FullName, "artifacts", "logs"));
                return System.IO.Path.Combine(logs.FullName, "host-errors.log");
            }
        }

        return null;
    }

    private sealed class FileLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && Path is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(formatter);
            var line = $"{DateTimeOffset.UtcNow:O} {logLevel} {category} [{AppDomain.CurrentDomain.FriendlyName}]: {formatter(state, exception)}{Environment.NewLine}{exception}{Environment.NewLine}";
            lock (Writing)
            {
                File.AppendAllText(Path!, line);
            }
        }
    }
}
