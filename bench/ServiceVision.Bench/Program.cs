using System.Diagnostics;
using System.Globalization;
using ServiceVision.Bench;
using ServiceVision.Bench.Bus;
using ServiceVision.Bench.Grains;
using ServiceVision.Bench.Http;
using ServiceVision.Bench.Reporting;
using ServiceVision.Bench.Rollouts;

var root = FindRepositoryRoot();
BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args, root);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

var total = Stopwatch.StartNew();
// Far beyond what any section takes (the 100,000-member rollout: about 2 minutes); only a section that hangs meets it.
var sectionTimeLimit = TimeSpan.FromMinutes(8);
var lastProgress = "";
void Log(string line)
{
    lastProgress = line;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{total.Elapsed:mm\\:ss}] {line}"));
}

var machine = MachineInfo.Current();
var loadAtStart = MachineInfo.LoadAverage();
Log($"ServiceVision benchmark ({(settings.Quick ? "quick" : "full")} run): {machine.Cores} cores, {machine.OperatingSystem}, {machine.Runtime}");
var sections = new List<SectionResult>();

if (settings.Runs("grains"))
{
    sections.Add(await RunSectionAsync("grains", "Grain calls", () => GrainBench.RunCallsAsync(settings, Log)));
}

if (settings.Runs("memory"))
{
    sections.Add(await RunSectionAsync("memory", "Memory per idle activation", () => GrainBench.RunMemoryAsync(settings, Log)));
}

if (settings.Runs("http") || settings.Runs("scale"))
{
    try
    {
        sections.AddRange(await PlatformBench.RunAsync(settings, Log));
    }
    catch (Exception error) when (error is HttpRequestException or InvalidOperationException or TaskCanceledException)
    {
        foreach (var (key, title) in new[] { ("http", "HTTP: reading the vision"), ("scale", "Scale: sign-ups") }.Where(s => settings.Runs(s.Item1)))
        {
            sections.Add(new SectionResult(key, title) { Skipped = "failed: " + error.Message });
        }
    }
}

if (settings.Runs("bus"))
{
    sections.Add(await RunSectionAsync("bus", "Bus: events end to end", () => BusBench.RunAsync(settings, Log)));
}

if (settings.Runs(RolloutBench.Key))
{
    sections.Add(await RunSectionAsync(RolloutBench.Key, RolloutBench.Title, () => RolloutBench.RunAsync(settings, Log)));
}

if (settings.Runs(NetworkBench.Key))
{
    sections.Add(await RunSectionAsync(NetworkBench.Key, NetworkBench.Title, () => NetworkBench.RunAsync(settings, Log)));
}

Console.WriteLine();
foreach (var section in sections)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== {section.Title} =="));
    if (section.Skipped is not null)
    {
        Console.WriteLine("skipped: " + section.Skipped);
    }

    foreach (var table in section.Tables)
    {
        Console.WriteLine(table.ToText());
    }

    foreach (var note in section.Notes)
    {
        Console.WriteLine("- " + note.Replace("`", "", StringComparison.Ordinal).Replace("**", "", StringComparison.Ordinal));
    }

    Console.WriteLine();
}

PerformanceDocument.Write(settings.OutputFolder, sections, machine, settings, total.Elapsed, loadAtStart);
Log($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(settings.OutputFolder, "performance.md"))} ({total.Elapsed.TotalMinutes:0.0} minutes in all)");
return 0;

async Task<SectionResult> RunSectionAsync(string key, string title, Func<Task<SectionResult>> run)
{
    var watch = Stopwatch.StartNew();
    try
    {
        // A section that stops making progress is reported as failed, so the run still ends with every other figure.
        var section = await run().WaitAsync(sectionTimeLimit);
        if (section.Elapsed == TimeSpan.Zero)
        {
            section.Elapsed = watch.Elapsed;
        }

        return section;
    }
    catch (TimeoutException)
    {
        var skipped = $"failed: did not finish within {sectionTimeLimit.TotalMinutes:0} minutes; its last progress: {lastProgress}";
        Log($"{key}: {skipped}");
        return new SectionResult(key, title) { Skipped = skipped, Elapsed = watch.Elapsed };
    }
    catch (Exception error) when (error is not OutOfMemoryException)
    {
        Log($"{key}: failed: {error}");
        return new SectionResult(key, title) { Skipped = $"failed: {error.GetType().Name}: {error.Message}", Elapsed = watch.Elapsed };
    }
}

static string FindRepositoryRoot()
{
    foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ServiceVision.sln")))
            {
                return folder.FullName;
            }
        }
    }

    throw new InvalidOperationException("Run the benchmark inside the repository (ServiceVision.sln not found above the current folder).");
}
