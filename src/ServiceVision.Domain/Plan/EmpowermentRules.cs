using System.Text.RegularExpressions;
using ServiceVision.Domain.Organizations;

namespace ServiceVision.Domain.Plan;

/// <summary>An amount of money in a currency (ISO 4217 code, upper case).</summary>
public sealed record Money(decimal Amount, string Currency);

public sealed record MoneyInput(decimal? Amount, string? Currency);

/// <summary>What a role may do on its own to recover a failing interaction, as sent.</summary>
public sealed record GuidelineInput(MoneyInput? RefundLimit, IReadOnlyList<string?>? Gestures, IReadOnlyList<GuidelineExampleInput?>? Examples, string? Notes);

public sealed record GuidelineExampleInput(string? PillarId, string? Text);

/// <summary>A validated guideline.</summary>
public sealed record Guideline(Money? RefundLimit, IReadOnlyList<string> Gestures, IReadOnlyList<GuidelineExample> Examples, string? Notes);

public sealed record GuidelineExample(string PillarId, string Text);

public enum RecoveryOutcome
{
    Recovered,
    PartlyRecovered,
    NotRecovered,
}

/// <summary>A recovery a member records, as sent.</summary>
public sealed record RecoveryInput(string? WhatHappened, string? WhatWasDone, MoneyInput? Amount, string? Outcome, string? Touchpoint, string? RecoveryId);

/// <summary>A validated recovery.</summary>
public sealed record RecoveryDraft(string WhatHappened, string WhatWasDone, Money? Amount, RecoveryOutcome Outcome, string Touchpoint, string? RecoveryId);

/// <summary>Validation of empowerment guidelines and recorded recoveries, and when a recovery needs a leader's approval.</summary>
public static partial class EmpowermentRules
{
    public const int MaxGestures = 20;
    public const int MaxGestureLength = 200;
    public const int MaxExamples = 20;
    public const int MaxExampleLength = 500;
    public const int MaxNotesLength = 2_000;
    public const int MaxTextLength = 2_000;
    public const int MaxTouchpointLength = 100;
    public const int MaxRecoveryIdLength = 100;
    public const decimal MaxAmount = 1_000_000m;

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();

    /// <summary>Validates a guideline; example pillar ids must be pillars of the published vision (<paramref name="pillarIds"/>).</summary>
    public static (Guideline? Guideline, IReadOnlyList<ValidationError> Errors) ValidateGuideline(GuidelineInput input, IReadOnlySet<string> pillarIds)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(pillarIds);
        var errors = new List<ValidationError>();
        var limit = input.RefundLimit is null ? null : ValidateMoney(errors, "refundLimit", input.RefundLimit);

        var gestures = new List<string>();
        var sentGestures = input.Gestures ?? [];
        if (sentGestures.Count > MaxGestures)
        {
            errors.Add(new ValidationError("gestures", $"At most {MaxGestures} gestures."));
        }
        else
        {
            for (var i = 0; i < sentGestures.Count; i++)
            {
                var before = errors.Count;
                OrganizationRules.RequireText(errors, $"gestures[{i}]", sentGestures[i], MaxGestureLength);
                if (errors.Count == before)
                {
                    gestures.Add(sentGestures[i]!.Trim());
                }
            }
        }

        var examples = new List<GuidelineExample>();
        var sentExamples = input.Examples ?? [];
        if (sentExamples.Count > MaxExamples)
        {
            errors.Add(new ValidationError("examples", $"At most {MaxExamples} examples."));
        }
        else
        {
            for (var i = 0; i < sentExamples.Count; i++)
            {
                if (sentExamples[i] is not { } example)
                {
                    errors.Add(new ValidationError($"examples[{i}]", "An example has a pillarId and a text."));
                    continue;
                }

                var before = errors.Count;
                if (string.IsNullOrWhiteSpace(example.PillarId))
                {
                    errors.Add(new ValidationError($"examples[{i}].pillarId", "Name the pillar this example lives."));
                }
                else if (!pillarIds.Contains(example.PillarId))
                {
                    errors.Add(new ValidationError($"examples[{i}].pillarId", "This is not a pillar of the published vision."));
                }

                OrganizationRules.RequireText(errors, $"examples[{i}].text", example.Text, MaxExampleLength);
                if (errors.Count == before)
                {
                    examples.Add(new GuidelineExample(example.PillarId!, example.Text!.Trim()));
                }
            }
        }

        if (input.Notes is { } notes && notes.Trim().Length > MaxNotesLength)
        {
            errors.Add(new ValidationError("notes", $"At most {MaxNotesLength} characters."));
        }

        if (errors.Count == 0 && limit is null && gestures.Count == 0)
        {
            errors.Add(new ValidationError("gestures", "Say what the role may do on its own: a refund limit, gestures, or both."));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new Guideline(limit, gestures, examples, string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim()), []);
    }

    public static (RecoveryDraft? Recovery, IReadOnlyList<ValidationError> Errors) ValidateRecovery(RecoveryInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        OrganizationRules.RequireText(errors, "whatHappened", input.WhatHappened, MaxTextLength);
        OrganizationRules.RequireText(errors, "whatWasDone", input.WhatWasDone, MaxTextLength);
        var amount = input.Amount is null ? null : ValidateMoney(errors, "amount", input.Amount);
        if (!AnnouncementRules.TryParse<RecoveryOutcome>(input.Outcome, out var outcome))
        {
            errors.Add(new ValidationError("outcome", "The outcome is Recovered, PartlyRecovered or NotRecovered."));
        }

        OrganizationRules.RequireText(errors, "touchpoint", input.Touchpoint, MaxTouchpointLength);
        if (input.RecoveryId is { } id && (id.Length == 0 || id.Length > MaxRecoveryIdLength || id.Any(char.IsControl)))
        {
            errors.Add(new ValidationError("recoveryId", "This is not a recovery id of an open complaint."));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new RecoveryDraft(input.WhatHappened!.Trim(), input.WhatWasDone!.Trim(), amount, outcome, input.Touchpoint!.Trim(), input.RecoveryId), []);
    }

    /// <summary>
    /// Whether spending <paramref name="amount"/> needs a leader's approval under <paramref name="limit"/>:
    /// nothing spent never does; without a limit, another currency or above the limit it does.
    /// </summary>
    public static bool NeedsApproval(Money? amount, Money? limit) =>
        amount is { Amount: > 0 } spent
        && (limit is null || !string.Equals(limit.Currency, spent.Currency, StringComparison.Ordinal) || spent.Amount > limit.Amount);

    private static Money? ValidateMoney(List<ValidationError> errors, string field, MoneyInput money)
    {
        var ok = true;
        if (money.Amount is not { } amount || amount < 0 || amount > MaxAmount || decimal.Round(amount, 2) != amount)
        {
            errors.Add(new ValidationError(field + ".amount", $"An amount from 0 to {MaxAmount:0} with at most 2 decimals."));
            ok = false;
        }

        if (money.Currency is null || !CurrencyPattern().IsMatch(money.Currency))
        {
            errors.Add(new ValidationError(field + ".currency", "A currency is a 3-letter ISO 4217 code in upper case, for example EUR."));
            ok = false;
        }

        return ok ? new Money(money.Amount!.Value, money.Currency!) : null;
    }
}
