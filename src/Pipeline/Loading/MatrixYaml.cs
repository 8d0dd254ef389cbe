using CudaImages.Model;

namespace CudaImages.Loading;

/// <summary>Reads images/matrix.yaml: the repository settings, the exclude and include rules and the workflow settings.</summary>
static class MatrixYaml
{
    internal static (MatrixSettings, List<MatrixRule>, List<MatrixRule>) ReadRules(
        YamlMap root, List<PackageSource> sources, List<Distro> distros, List<Flavor> flavors)
    {
        root.Allow("repository", "source", "label_prefix", "workflow", "exclude", "include");
        var repository = root.Scalar("repository");
        if (repository is not null && !ImageName.IsRepository(repository.Text))
            repository.Error($"'{YamlFile.Escaped(repository.Text)}' is not a valid image repository name", "use lower-case letters, digits and . _ - /, optionally after a registry host such as localhost:5000/");
        root.Scalar("label_prefix")?.Expect(ValueGrammar.LabelPrefix);
        if (root.Scalar("source") is { } sourceUrl) SharedValues.ExpectUrl(sourceUrl);
        var settings = new MatrixSettings(repository?.Text ?? "cuda", root.String("source") ?? "", root.String("label_prefix") ?? "io.cudaimages");
        if (root.Map("workflow", "workflow") is { } workflow)
            settings = settings with { Workflow = ReadWorkflow(workflow, settings.Workflow) };

        List<MatrixRule> Rules(string key)
        {
            var rules = new List<MatrixRule>();
            foreach (var rule in root.Items(key, $"{key} rule"))
            {
                rule.Allow("cuda", "distro", "flavor", "source", "reason");
                var cuda = rule.Scalar("cuda");
                cuda?.Expect(ValueGrammar.CudaSelector);
                var distro = rule.Scalar("distro");
                if (distro is not null && distros.All(d => d.Id != distro.Text)) distro.Error($"unknown distro '{distro.Text}'", ClosestNames.Hint(distro.Text, distros.Select(d => d.Id)));
                var flavorList = rule.Scalars("flavor");
                foreach (var f in flavorList.Where(f => flavors.All(x => x.Id != f.Text)))
                    f.Error($"unknown flavor '{f.Text}'", ClosestNames.Hint(f.Text, flavors.Select(x => x.Id)));
                var flavor = flavorList.Count > 0 ? string.Join(", ", flavorList.Select(f => f.Text)) : null;
                var source = rule.Scalar("source");
                if (source is not null && sources.All(s => s.Id != source.Text)) source.Error($"unknown package source '{source.Text}'", ClosestNames.Hint(source.Text, sources.Select(s => s.Id)));
                if (cuda is null && distro is null && flavorList.Count == 0 && source is null)
                    rule.Error($"this {key} rule matches every image", "name at least one of cuda, distro, flavor, source");
                var reason = rule.String("reason", required: key == "exclude") ?? "";
                var where = $"{rule.File.DisplayPath}:{rule.Node.Start.Line}";
                rules.Add(new MatrixRule(cuda?.Text, distro?.Text, flavor, source?.Text, reason, where)
                { Flavors = flavorList.Count > 1 ? flavorList.Select(f => f.Text).ToList() : null });
            }
            return rules;
        }
        return (settings, Rules("exclude"), Rules("include"));
    }

    static WorkflowSettings ReadWorkflow(YamlMap map, WorkflowSettings defaults)
    {
        map.Allow("schedule", "runner", "gpu_runner", "arm64_runner", "registry");
        var schedule = map.Scalar("schedule");
        if (schedule is not null && !ValueGrammar.Cron.Accepts(schedule.Text.Trim(' ')))
            schedule.Error(ValueGrammar.Cron.Refusal(schedule.Text), ValueGrammar.Cron.Hint);

        IReadOnlyList<string> Labels(string key, IReadOnlyList<string> fallback)
        {
            var labels = map.Scalars(key);
            if (labels.Count == 0 && map.Keys.Contains(key))
                map.Error($"{key} lists no runner labels", $"write e.g. '{key}: [{string.Join(", ", fallback)}]' or leave it out");
            foreach (var label in labels) label.Expect(ValueGrammar.RunnerLabel);
            return labels.Count > 0 ? labels.Select(l => l.Text).ToList() : fallback;
        }

        var registry = map.Scalar("registry");
        if (registry is not null)
        {
            var example = registry.Text.Replace(WorkflowSettings.OwnerPlaceholder, "owner");
            var host = example.Contains('/') ? example[..example.IndexOf('/')] : "";
            if (!ImageName.IsRepository(example) || !(host.Contains('.') || host.Contains(':') || host == "localhost"))
                registry.Error($"'{registry.Text}' is not a registry repository", $"write host/path, e.g. ghcr.io/{WorkflowSettings.OwnerPlaceholder}/cuda ({WorkflowSettings.OwnerPlaceholder} is the repository owner)");
        }
        return new WorkflowSettings(schedule?.Text.Trim(' ') ?? defaults.Schedule, Labels("runner", defaults.Runner),
            Labels("gpu_runner", defaults.GpuRunner), registry?.Text ?? defaults.Registry)
        { Arm64Runner = Labels("arm64_runner", defaults.Arm64Runner) };
    }
}
