using ServiceVision.Api;
using ServiceVision.Contracts.Recognition.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>
/// Survey scores, recognitions and celebrations reported by the other services. Bounded: the latest
/// <see cref="MaxSurveys"/> surveys, <see cref="MaxRecognitions"/> recognitions and
/// <see cref="MaxCelebrations"/> celebrations are kept (counts are kept for all time).
/// </summary>
public sealed class ScoresGrain : Grain<ScoresState>, IScoresGrain
{
    public const int MaxSurveys = 500;
    public const int MaxRecognitions = 5_000;
    public const int MaxCelebrations = 1_000;
    public const string EmployeeInput = "EmployeeInput";
    public const string Pulse = "Pulse";

    public async Task<bool> RecordScores(SurveyScoresPublished scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (State.Surveys.TryGetValue(scores.SurveyId, out var seen) && seen.Sequence >= scores.Sequence)
        {
            return false;
        }

        State.Surveys[scores.SurveyId] = new SurveyScoresRecord
        {
            Kind = scores.SurveyKind,
            Round = scores.Round,
            Sequence = scores.Sequence,
            ComputedAt = scores.ComputedAt,
            Groups = [.. scores.Groups],
        };
        if (State.Surveys.Count > MaxSurveys)
        {
            State.Surveys.Remove(State.Surveys.MinBy(s => s.Value.ComputedAt).Key);
        }

        await WriteStateAsync();
        return true;
    }

    public async Task<bool> RecordRecognition(RecognitionGiven recognition)
    {
        ArgumentNullException.ThrowIfNull(recognition);
        if (State.Recognitions.Any(r => r.RecognitionId == recognition.RecognitionId) || State.ForgottenRecognitionIds.Contains(recognition.RecognitionId))
        {
            return false;
        }

        State.Recognitions.Add(new RecognitionEntry(recognition.RecognitionId, recognition.MemberId, [.. recognition.PillarIds], recognition.LocationId, recognition.DepartmentId, recognition.GivenAt));
        State.RecognitionCount++;
        CountAtLocation(recognition);
        if (State.Recognitions.Count > MaxRecognitions)
        {
            var oldest = State.Recognitions.MinBy(r => r.GivenAt)!;
            State.Recognitions.Remove(oldest);
            // Its id is kept in a short list so a late redelivery of it is still recognized (a bounded effort).
            State.ForgottenRecognitionIds.Add(oldest.RecognitionId);
            if (State.ForgottenRecognitionIds.Count > MaxRecognitions)
            {
                State.ForgottenRecognitionIds.RemoveAt(0);
            }
        }

        await WriteStateAsync();
        return true;
    }

    public async Task<bool> RecordCelebration(CelebrationHeld celebration)
    {
        ArgumentNullException.ThrowIfNull(celebration);
        if (State.CelebrationIds.Contains(celebration.CelebrationId))
        {
            return false;
        }

        State.CelebrationIds.Add(celebration.CelebrationId);
        State.CelebrationCount++;
        if (State.CelebrationIds.Count > MaxCelebrations)
        {
            State.CelebrationIds.RemoveAt(0);
        }

        await WriteStateAsync();
        return true;
    }

    public Task<IReadOnlyList<LocationRecognitionSignals>> GetLocationSignals() =>
        Task.FromResult<IReadOnlyList<LocationRecognitionSignals>>([.. State.LocationRecognitions
            .OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => new LocationRecognitionSignals(l.Key, l.Value.Recognitions, new Dictionary<string, int>(l.Value.Pillars, StringComparer.Ordinal), l.Value.LatestAt))]);

    /// <summary>
    /// Counts a new recognition at its location, once under each distinct pillar. Behind the same
    /// once-per-id check as the list, so the counts are as idempotent as the rest; they grow with
    /// locations and pillars, never with recognitions.
    /// </summary>
    private void CountAtLocation(RecognitionGiven recognition)
    {
        if (recognition.LocationId is not { } locationId)
        {
            return;
        }

        if (!State.LocationRecognitions.TryGetValue(locationId, out var counts))
        {
            counts = new LocationRecognitionCounts();
            State.LocationRecognitions[locationId] = counts;
        }

        counts.Recognitions++;
        foreach (var pillarId in recognition.PillarIds.Distinct(StringComparer.Ordinal))
        {
            counts.Pillars[pillarId] = counts.Pillars.GetValueOrDefault(pillarId) + 1;
        }

        if (recognition.GivenAt > counts.LatestAt)
        {
            counts.LatestAt = recognition.GivenAt;
        }
    }

    public Task<PagedList<LatestScoreView>> ListLatest(string? kind, string? dimension, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var latest = Latest()
            .Where(s => kind is null || string.Equals(s.SurveyKind, kind, StringComparison.OrdinalIgnoreCase))
            .Where(s => dimension is null || string.Equals(s.Dimension, dimension, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(PagedList.Of(latest, page));
    }

    public Task<SignalsSnapshot> GetSnapshot()
    {
        var input = State.Surveys.Values.Where(s => s.Kind == EmployeeInput).ToList();
        var responses = input.Select(s => s.Groups.Where(g => g.Dimension == "Organization").Select(g => g.Responses).DefaultIfEmpty(0).Max()).DefaultIfEmpty(0).Max();
        return Task.FromResult(new SignalsSnapshot(
            input.Count,
            responses,
            State.RecognitionCount,
            [.. State.Recognitions.OrderByDescending(r => r.GivenAt)],
            State.CelebrationCount,
            [.. Latest().Where(s => s.SurveyKind == Pulse)]));
    }

    /// <summary>For every kind, dimension and group: the score of the survey computed last.</summary>
    private IEnumerable<LatestScoreView> Latest() =>
        State.Surveys
            .SelectMany(s => s.Value.Groups.Select(g => new LatestScoreView(
                s.Value.Kind, g.Dimension, g.GroupId, s.Key, s.Value.Round, s.Value.Sequence, s.Value.ComputedAt,
                g.Responses, g.Nps, g.CsatAverage, g.CsatPercent, g.PulsePercent)))
            .GroupBy(s => (s.SurveyKind, s.Dimension, s.GroupId))
            .Select(g => g.OrderByDescending(s => s.ComputedAt).ThenBy(s => s.SurveyId, StringComparer.Ordinal).First())
            .OrderBy(s => s.SurveyKind, StringComparer.Ordinal)
            .ThenBy(s => s.Dimension, StringComparer.Ordinal)
            .ThenBy(s => s.GroupId, StringComparer.Ordinal);
}

public sealed class ScoresState
{
    /// <summary>Survey id to its latest publication.</summary>
    public Dictionary<string, SurveyScoresRecord> Surveys { get; set; } = [];

    public List<RecognitionEntry> Recognitions { get; set; } = [];

    public List<string> ForgottenRecognitionIds { get; set; } = [];

    public int RecognitionCount { get; set; }

    /// <summary>Location id to its recognitions per pillar, all time (from the recognitions counted since this was added).</summary>
    public Dictionary<string, LocationRecognitionCounts> LocationRecognitions { get; set; } = [];

    public List<string> CelebrationIds { get; set; } = [];

    public int CelebrationCount { get; set; }
}

public sealed class LocationRecognitionCounts
{
    public int Recognitions { get; set; }

    /// <summary>Pillar id to recognitions tagged with it.</summary>
    public Dictionary<string, int> Pillars { get; set; } = [];

    public DateTimeOffset LatestAt { get; set; }
}

public sealed class SurveyScoresRecord
{
    public string Kind { get; set; } = "";

    public int Round { get; set; }

    public long Sequence { get; set; }

    public DateTimeOffset ComputedAt { get; set; }

    public List<SurveyGroupScore> Groups { get; set; } = [];
}
