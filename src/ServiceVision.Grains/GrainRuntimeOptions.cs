namespace ServiceVision.Grains;

/// <summary>Settings of the grain runtime (section "Grains").</summary>
public sealed class GrainRuntimeOptions
{
    public const string SectionName = "Grains";

    /// <summary>
    /// A call that has not completed by then fails with <see cref="GrainCallTimeoutException"/>
    /// (up to 1/16 of it later, at most about a second: calls share timers per time slice).
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An activation idle for longer than this is collected.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the reminder table is polled for due reminders.</summary>
    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a host holds a due reminder it claimed before another host may fire it again.</summary>
    public TimeSpan ReminderLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many due reminders one poll fires at most.</summary>
    public int ReminderBatchSize { get; set; } = 100;
}
