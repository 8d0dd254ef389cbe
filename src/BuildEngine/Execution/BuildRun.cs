using System.Linq.Expressions;
using BuiltIn = CudaImages.BuildEngine.BuiltInParameters;

namespace CudaImages.BuildEngine;

/// <summary>The steps of one run, in Nuke's order: targets, parameters, schedule, skips, requirements, execution, summary.</summary>
sealed class BuildRun<T>(T build, RunContext context, BuildLog log, Expression<Func<T, Target>>[] defaultTargets)
    where T : BuildBase
{
    public async Task<int> Execute()
    {
        try
        {
            var parameters = BuiltIn.All.Concat(Parameter.DeclaredBy(typeof(T))).ToList();
            var targets = TargetFactory.CreateAll(build, defaultTargets);
            build.ExecutableTargets = targets;

            var fromEnvironment = new EnvironmentSource(context.Environment, context.WorkingDirectory);
            MaskSecretsBeforeParsing(parameters, fromEnvironment);

            var commandLine = CommandLine.Parse(context.Arguments, name => parameters.FirstOrDefault(p => p.Matches(name))?.IsFlag ?? false);
            var fromCommandLine = new CommandLineSource(commandLine, context.WorkingDirectory);
            var early = new ParameterBinder([fromCommandLine, fromEnvironment]);

            build.RootDirectory = early.Get<AbsolutePath?>(BuiltIn.Root) ?? context.RootDirectory ?? RootDirectoryFinder.Find(context.WorkingDirectory, context.RootSearchBoundary);
            Schema.Update(build.RootDirectory, Schema.Json(targets, parameters));
            if (early.Get<bool>(BuiltIn.Help))
            {
                log.Text(Help.Text(targets, parameters, build));
                return ExitCodes.Succeeded;
            }
            var files = ParameterFiles.Load(build.RootDirectory, early.Get<string[]>(BuiltIn.Profile), parameters, log.AddSecret);
            ThrowOnUnknownParameters(commandLine, parameters);

            var binder = new ParameterBinder([fromCommandLine, fromEnvironment, files]);
            BindBuildParameters(binder, parameters);
            build.Verbosity = log.Verbosity = binder.Get<Verbosity?>(BuiltIn.Verbosity) ?? Verbosity.Normal;

            var named = FindTargets(InvokedNames(commandLine, fromCommandLine, binder), targets, commandLine.AfterSwitch);
            var invoked = named.Count > 0 ? named : targets.Where(target => target.IsDefault).ToList();
            invoked.ForEach(target => target.Invoked = true);
            build.InvokedTargets = invoked;
            var schedule = TargetScheduler.Schedule(targets, invoked);
            build.Schedule = schedule;

            var skipped = binder.TryGet(BuiltIn.Skip, out var skip) ? FindTargets((string[])skip!, targets) : null;
            Skipping.ApplySkipParameter(schedule, skipped);
            Skipping.ApplyStaticConditions(schedule);

            if (binder.Get<bool>(BuiltIn.Plan))
                return ShowSchedule(schedule);

            var unmet = Requirements.Unmet(schedule, parameters);
            if (unmet.Count > 0)
                throw new BuildInputException(string.Join(Environment.NewLine, unmet));

            var started = context.Clock.GetTimestamp();
            await new TargetExecutor(build, log, context.Clock, context.CancellationToken).Run(schedule);
            return Finish(schedule, context.Clock.GetElapsedTime(started));
        }
        catch (BuildInputException exception)
        {
            log.Error(exception.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception thrown)
        {
            var exception = TargetExecutor.Unwrap(thrown);
            var exitCode = build.ClassifyFailure(exception);
            Failures.Report(log, exception, exitCode, "Build failed");
            return exitCode ?? ExitCodes.TargetFailed;
        }
    }

    /// <summary>Secret values from the raw arguments and the environment; any parsing error may quote an argument.</summary>
    void MaskSecretsBeforeParsing(IReadOnlyList<Parameter> parameters, EnvironmentSource fromEnvironment)
    {
        var secrets = parameters.Where(parameter => parameter.IsSecretText).ToList();
        CommandLine.ValuesOf(context.Arguments, name => secrets.Any(secret => secret.Matches(name)))
            .Concat(secrets.SelectMany(fromEnvironment.AllValues))
            .ToList()
            .ForEach(log.AddSecret);
    }

    void BindBuildParameters(ParameterBinder binder, IReadOnlyList<Parameter> parameters)
    {
        foreach (var parameter in parameters.Where(parameter => !parameter.IsBuiltIn))
        {
            if (binder.TryGet(parameter, out var value))
                ParameterInjection.Set(build, parameter, value);
            if (parameter.IsSecretText)
                SecretTexts(ParameterInjection.Get(build, parameter)).ToList().ForEach(log.AddSecret);
        }
    }

    static IEnumerable<string> SecretTexts(object? value) => value switch
    {
        string text => [text],
        IEnumerable<string> texts => texts,
        _ => [],
    };

    static void ThrowOnUnknownParameters(CommandLine commandLine, IReadOnlyList<Parameter> parameters)
    {
        var errors = commandLine.Named
            .Select((argument, index) => (argument, before: index > 0 ? commandLine.Named[index - 1] : null))
            .Where(typed => !parameters.Any(parameter => parameter.Matches(typed.argument.Name)))
            .Select(typed => Suggestions.Unknown($"parameter '{typed.argument.AsTyped}'", typed.argument.Name, parameters.Select(p => p.DashedName))
                             + ValueWithDashHint(typed.before, parameters))
            .ToList();
        if (errors.Count > 0)
            throw new BuildInputException(string.Join(Environment.NewLine, errors));
    }

    /// <summary>"--registry-password -abc": the value was taken for a name; say how to give it.</summary>
    static string ValueWithDashHint(NamedArgument? before, IReadOnlyList<Parameter> parameters) =>
        before is { Values.Count: 0 } && parameters.FirstOrDefault(p => p.Matches(before.Name)) is { IsFlag: false } parameter
            ? $" A value for {parameter.DashedName} that starts with '-' is written {parameter.DashedName}=VALUE."
            : "";

    /// <summary>Positional names and --target; only when neither is given, NUKE_TARGET or a "Target" in the parameter files.</summary>
    static IReadOnlyList<string> InvokedNames(CommandLine commandLine, CommandLineSource fromCommandLine, ParameterBinder binder)
    {
        var typed = commandLine.Positional.Concat(fromCommandLine.Find(BuiltIn.Target)?.Values ?? [])
            .SelectMany(name => name.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        return typed.Count > 0 ? typed : binder.Get<string[]>(BuiltIn.Target) ?? [];
    }

    static List<ExecutableTarget> FindTargets(
        IEnumerable<string> names,
        IReadOnlyList<ExecutableTarget> targets,
        IReadOnlyDictionary<string, NamedArgument>? afterSwitch = null)
    {
        var found = new List<ExecutableTarget>();
        var errors = new List<string>();
        foreach (var name in names)
        {
            var target = targets.FirstOrDefault(target => Names.Comparable(target.Name) == Names.Comparable(name));
            var listed = targets.Where(t => t.Listed).Select(t => t.Name).ToList();
            if (target is null && afterSwitch?.GetValueOrDefault(name) is { } flag && Suggestions.Closest(name, listed).Count == 0)
                errors.Add($"Invalid value '{name}' for {flag.AsTyped}: expected true or false.");
            else if (target is null)
                errors.Add(Suggestions.Unknown($"target '{name}'", name, listed));
            else if (!found.Contains(target))
                found.Add(target);
        }
        return errors.Count == 0 ? found : throw new BuildInputException(string.Join(Environment.NewLine, errors));
    }

    int ShowSchedule(IReadOnlyList<ExecutableTarget> schedule)
    {
        var file = (build.RootDirectory / ".nuke" / "temp").CreateDirectory() / "plan.mmd";
        AtomicFile.WriteAllText(file, ScheduleOutput.Mermaid(schedule));
        log.Text(ScheduleOutput.Text(schedule));
        log.Text($"Graph: {file}");
        return ExitCodes.Succeeded;
    }

    int Finish(IReadOnlyList<ExecutableTarget> schedule, TimeSpan elapsed)
    {
        var results = schedule.Select(target => TargetResult.Of(target, log)).ToList();
        if (log.Verbosity >= Verbosity.Minimal)
            log.Text(log.Colored ? Summary.Colored(results, ConsoleWidth()) : Summary.Plain(results));
        if (log.Host == Host.GitHubActions)
            GitHubActions.AppendStepSummary(context.Environment, log.Mask(Summary.Markdown(results)));

        var cancelled = schedule.Any(t => t.Status == TargetStatus.Aborted) ||
                        (context.CancellationToken.IsCancellationRequested && schedule.Any(t => t.Status == TargetStatus.NotRun));
        var failed = schedule.FirstOrDefault(t => t.Status == TargetStatus.Failed);
        var duration = Summary.Duration(elapsed);
        if (cancelled)
        {
            log.Failure($"Build cancelled after {duration}.");
            return ExitCodes.Aborted;
        }
        if (failed is not null)
        {
            log.Failure($"Build failed after {duration}.");
            return failed.FailureExitCode ?? ExitCodes.TargetFailed;
        }
        log.Success($"Build succeeded in {duration}.");
        return ExitCodes.Succeeded;
    }

    int ConsoleWidth()
    {
        try
        {
            return context.Output == Console.Out && Console.WindowWidth > 0 ? Console.WindowWidth : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
