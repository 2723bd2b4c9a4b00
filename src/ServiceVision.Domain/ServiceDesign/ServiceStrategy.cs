namespace ServiceVision.Domain.ServiceDesign;

/// <summary>
/// The service strategy as submitted: every field may be missing, so that validation can name
/// what is missing. See <see cref="ServiceStrategyRules"/>.
/// </summary>
/// <param name="CoreService">What the customer gets; expected to be flawless and never praised.</param>
/// <param name="ServiceExperience">How the customer feels; what earns loyalty.</param>
/// <param name="RecoveryPromise">What the organization promises when it falls short.</param>
/// <param name="Functions">What the strategy means for each function (sales, support, operations, ...).</param>
public sealed record ServiceStrategyInput(
    string? CoreService,
    string? ServiceExperience,
    string? RecoveryPromise,
    IReadOnlyList<FunctionCommitmentInput?>? Functions);

/// <param name="Function">The function's name, such as "Sales".</param>
/// <param name="Commitment">What the strategy means for it.</param>
public sealed record FunctionCommitmentInput(string? Function, string? Commitment);

/// <summary>A valid, trimmed service strategy.</summary>
public sealed record ServiceStrategy(
    string CoreService,
    string ServiceExperience,
    string RecoveryPromise,
    IReadOnlyList<FunctionCommitment> Functions);

public sealed record FunctionCommitment(string Function, string Commitment);

public static class ServiceStrategyRules
{
    public const int MaxTextLength = 2000;
    public const int MaxFunctions = 50;
    public const int MaxFunctionNameLength = 100;

    /// <summary>
    /// Every error, with fields <c>coreService</c>, <c>serviceExperience</c>, <c>recoveryPromise</c>
    /// (each required, at most <see cref="MaxTextLength"/> characters), <c>functions</c> (at most
    /// <see cref="MaxFunctions"/>; missing means none), <c>functions[i]</c>, <c>functions[i].function</c>
    /// (required one line of at most <see cref="MaxFunctionNameLength"/>, unique ignoring case and
    /// surrounding spaces) and <c>functions[i].commitment</c> (required, at most <see cref="MaxTextLength"/>).
    /// </summary>
    public static IReadOnlyList<ValidationError> Validate(ServiceStrategyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        TextRules.RequireParagraphs(errors, "coreService", input.CoreService, MaxTextLength);
        TextRules.RequireParagraphs(errors, "serviceExperience", input.ServiceExperience, MaxTextLength);
        TextRules.RequireParagraphs(errors, "recoveryPromise", input.RecoveryPromise, MaxTextLength);

        var functions = input.Functions ?? [];
        if (functions.Count > MaxFunctions)
        {
            errors.Add(new("functions", $"There are {functions.Count} functions; the limit is {MaxFunctions}."));
            return errors;
        }

        var firstByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < functions.Count; i++)
        {
            var path = $"functions[{i}]";
            var function = functions[i];
            if (function is null)
            {
                errors.Add(new(path, "A function is required."));
                continue;
            }

            if (TextRules.RequireLine(errors, $"{path}.function", function.Function, MaxFunctionNameLength)
                && !firstByName.TryAdd(function.Function!.Trim(), i))
            {
                errors.Add(new($"{path}.function", $"'{function.Function.Trim()}' is already listed as functions[{firstByName[function.Function.Trim()]}]."));
            }

            TextRules.RequireParagraphs(errors, $"{path}.commitment", function.Commitment, MaxTextLength);
        }

        return errors;
    }

    /// <summary>The trimmed strategy; call only when <see cref="Validate"/> found nothing.</summary>
    public static ServiceStrategy Normalize(ServiceStrategyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ServiceStrategy(
            input.CoreService!.Trim(),
            input.ServiceExperience!.Trim(),
            input.RecoveryPromise!.Trim(),
            [.. (input.Functions ?? []).Select(f => new FunctionCommitment(f!.Function!.Trim(), f.Commitment!.Trim()))]);
    }
}
