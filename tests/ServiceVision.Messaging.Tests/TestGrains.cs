using ServiceVision.Grains;

namespace ServiceVision.Messaging.Tests;

public sealed class BoardState
{
    public int Pings { get; set; }
}

/// <summary>An organization's board: each ping changes its state and publishes <see cref="Pinged"/>.</summary>
public interface IBoardGrain : IGrain
{
    Task<int> Ping(string text, int messages = 1);

    [ReadOnly]
    Task<int> Pings();
}

public sealed class BoardGrain : Grain<BoardState>, IBoardGrain
{
    public async Task<int> Ping(string text, int messages = 1)
    {
        State.Pings++;
        for (var i = 0; i < messages; i++)
        {
            Publish(new Pinged(TenantId, messages == 1 ? text : $"{text}#{i}"));
        }

        await WriteStateAsync();
        return State.Pings;
    }

    public Task<int> Pings() => Task.FromResult(State.Pings);
}

public sealed class ScoreState
{
    public int Total { get; set; }
}

/// <summary>An organization's score: adding is not idempotent.</summary>
public interface IScoreGrain : IGrain
{
    Task Add(int points);

    [ReadOnly]
    Task<int> Total();
}

public sealed class ScoreGrain : Grain<ScoreState>, IScoreGrain
{
    public async Task Add(int points)
    {
        State.Total += points;
        await WriteStateAsync();
    }

    public Task<int> Total() => Task.FromResult(State.Total);
}
