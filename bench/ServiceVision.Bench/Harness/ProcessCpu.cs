using System.Globalization;

namespace ServiceVision.Bench.Harness;

/// <summary>
/// CPU time used by the broker (beam.smp), PostgreSQL (all its processes) and this process, read from
/// /proc: what one event costs each of them, whatever the machine's load does to the wall clock.
/// Linux only; elsewhere every reading is zero and <see cref="Available"/> is false.
/// </summary>
internal readonly record struct ProcessCpu(double Broker, double Postgres, double Self)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static bool Available => OperatingSystem.IsLinux() && Directory.Exists("/proc");

    public double Total => Broker + Postgres + Self;

    public static ProcessCpu Now()
    {
        if (!Available)
        {
            return default;
        }

        double broker = 0, postgres = 0, self = 0;
        var me = Environment.ProcessId;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                continue; // the process ended meanwhile
            }

            // pid (name) state ...: the name may hold spaces; utime, stime, cutime and cstime are fields 14 to 17.
            // The children's times count what ended and was reaped: PostgreSQL's postmaster holds those of
            // backends and autovacuum workers that exited during a run, which would otherwise drop out.
            var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var seconds = fields[11..15].Sum(field => double.Parse(field, CultureInfo.InvariantCulture)) / TicksPerSecond;
            if (pid == me)
            {
                self += seconds;
            }
            else if (name.StartsWith("beam", StringComparison.Ordinal))
            {
                broker += seconds;
            }
            else if (name == "postgres")
            {
                postgres += seconds;
            }
        }

        return new ProcessCpu(broker, postgres, self);
    }

    /// <summary>Microseconds of CPU per event between <paramref name="start"/> and now.</summary>
    public static ProcessCpu PerEvent(ProcessCpu start, long events)
    {
        var end = Now();
        var scale = 1e6 / Math.Max(1, events);
        return new ProcessCpu((end.Broker - start.Broker) * scale, (end.Postgres - start.Postgres) * scale, (end.Self - start.Self) * scale);
    }
}
