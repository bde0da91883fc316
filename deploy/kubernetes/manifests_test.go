package kubernetes_test

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/settings"
	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/record"
)

// decode reads one manifest as the API server would: strictly (an unknown
// or repeated field is an error, and field names are case-sensitive), and
// only as a kind of a group version that the server serves.
func decode(data []byte) (runtime.Object, error) {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, batchv1.AddToScheme, appsv1.AddToScheme} {
		if err := add(scheme); err != nil {
			return nil, fmt.Errorf("scheme: %w", err)
		}
	}
	codecs := serializer.NewCodecFactory(scheme, serializer.EnableStrict)
	obj, _, err := codecs.UniversalDeserializer().Decode(data, nil, nil)
	return obj, err
}

// decodeFile decodes the one manifest in file into a T.
func decodeFile[T runtime.Object](t *testing.T, file string) T {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("\n---")) {
		t.Fatalf("%s: holds more than one document; keep one object per file", file)
	}
	obj, err := decode(data)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	out, ok := obj.(T)
	if !ok {
		var want T
		t.Fatalf("%s: is a %T, want %T", file, obj, want)
	}
	return out
}

// The manifests of one run, as the tests below read them.
type manifests struct {
	secret *corev1.Secret
	config *corev1.ConfigMap
	claim  *corev1.PersistentVolumeClaim
	load   *batchv1.Job
	merge  *batchv1.Job
	copier *corev1.Pod
	// The long-running bot.
	botConfig     *corev1.ConfigMap
	botSecret     *corev1.Secret
	botDeployment *appsv1.Deployment
}

func readManifests(t *testing.T) manifests {
	t.Helper()
	return manifests{
		secret: decodeFile[*corev1.Secret](t, "secret.yaml"),
		config: decodeFile[*corev1.ConfigMap](t, "configmap.yaml"),
		claim:  decodeFile[*corev1.PersistentVolumeClaim](t, "pvc.yaml"),
		load:   decodeFile[*batchv1.Job](t, "load-job.yaml"),
		merge:  decodeFile[*batchv1.Job](t, "merge-job.yaml"),
		copier: decodeFile[*corev1.Pod](t, "reports-pod.yaml"),

		botConfig:     decodeFile[*corev1.ConfigMap](t, "bot-configmap.yaml"),
		botSecret:     decodeFile[*corev1.Secret](t, "bot-secret.yaml"),
		botDeployment: decodeFile[*appsv1.Deployment](t, "bot-deployment.yaml"),
	}
}

func TestManifestsDecodeStrictly(t *testing.T) {
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var seen int
	for _, f := range files {
		if path.Ext(f.Name()) != ".yaml" {
			continue
		}
		seen++
		data, err := os.ReadFile(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := decode(data); err != nil {
			t.Errorf("%s: %v", f.Name(), err)
		}
	}
	if seen < 9 {
		t.Errorf("read %d manifests, want the 9 that README.md names", seen)
	}
}

// TestStrictDecodingCatchesTypos proves that the decoding above would
// catch a typo: each copy of a manifest with one misspelt field fails.
func TestStrictDecodingCatchesTypos(t *testing.T) {
	for _, tc := range []struct{ file, from, to, named string }{
		{"load-job.yaml", "completionMode:", "completionsMode:", "spec.completionsMode"},
		{"load-job.yaml", "readOnlyRootFilesystem:", "readOnlyRootFileSystem:", "readOnlyRootFileSystem"}, // case counts, as in the API server
		{"load-job.yaml", "backoffLimitPerIndex:", "backOffLimitPerIndex:", "backOffLimitPerIndex"},
		{"load-job.yaml", "  parallelism: 4\n", "  parallelism: 4\n  parallelism: 4\n", `"parallelism" already set`},
		{"load-job.yaml", "apiVersion: batch/v1", "apiVersion: batch/v2", "batch/v2"},
		{"merge-job.yaml", "claimName:", "claim:", "persistentVolumeClaim.claim"},
		{"secret.yaml", "stringData:", "stringdata:", "stringdata"},
		{"configmap.yaml", "\ndata:", "\ndate:", "date"},
		{"bot-deployment.yaml", "readinessProbe:", "readinesProbe:", "readinesProbe"},
		{"bot-deployment.yaml", "apiVersion: apps/v1", "apiVersion: apps/v2", "apps/v2"},
		{"bot-deployment.yaml", "    type: Recreate", "    typ: Recreate", "typ"},
	} {
		t.Run(tc.file+"/"+strings.TrimSpace(tc.to), func(t *testing.T) {
			data, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte(tc.from)) {
				t.Fatalf("%s has no %q to misspell", tc.file, tc.from)
			}
			bad := bytes.Replace(data, []byte(tc.from), []byte(tc.to), 1)
			_, err = decode(bad)
			if err == nil || !strings.Contains(err.Error(), tc.named) {
				t.Errorf("%s with %q for %q: error %v, want one that names %q", tc.file, tc.to, tc.from, err, tc.named)
			}
		})
	}
}

func TestLoadJobIsIndexed(t *testing.T) {
	m := readManifests(t)
	spec := m.load.Spec
	if spec.CompletionMode == nil || *spec.CompletionMode != batchv1.IndexedCompletion {
		t.Fatal("completionMode is not Indexed: pods get no JOB_COMPLETION_INDEX otherwise")
	}
	shards := shardCount(t, m.load)
	if spec.Parallelism == nil || int(*spec.Parallelism) != shards {
		t.Errorf("parallelism is not completions (%d): shards that do not run together do not load together", shards)
	}
	c := container(t, m.load, "lkbot")
	count := envValue(t, c, load.EnvShardCount)
	if count != strconv.Itoa(shards) {
		t.Errorf("%s is %q, want completions (%d)", load.EnvShardCount, count, shards)
	}
	if tmpl := m.load.Spec.Template.Spec; tmpl.RestartPolicy != corev1.RestartPolicyNever {
		t.Errorf("restartPolicy is %q, want Never (a shard restarted in place rejoins late)", tmpl.RestartPolicy)
	}
	if spec.BackoffLimitPerIndex == nil || *spec.BackoffLimitPerIndex != 0 {
		t.Errorf("backoffLimitPerIndex is not 0: a failed shard must not run again after the others have ramped")
	}
	if !failsJobOn(spec.PodFailurePolicy, 2) {
		t.Error("podFailurePolicy does not fail the Job on exit 2 (bad input: every shard would fail alike)")
	}
	if spec.ActiveDeadlineSeconds == nil {
		t.Error("no activeDeadlineSeconds: a stuck run would hold its pods forever")
	}
}

func TestJobsRunLocked(t *testing.T) {
	m := readManifests(t)
	for name, pod := range map[string]corev1.PodSpec{"load": m.load.Spec.Template.Spec, "merge": m.merge.Spec.Template.Spec, "reports": m.copier.Spec, "bot": m.botDeployment.Spec.Template.Spec} {
		if sc := pod.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
			t.Errorf("%s: runAsNonRoot is not set", name)
		}
		for _, c := range pod.Containers {
			sc := c.SecurityContext
			if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
				t.Errorf("%s: container %s: readOnlyRootFilesystem is not set", name, c.Name)
			}
			if sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
				t.Errorf("%s: container %s: allowPrivilegeEscalation is not false", name, c.Name)
			}
			if c.Resources.Requests.Cpu().IsZero() || c.Resources.Limits.Memory().IsZero() {
				t.Errorf("%s: container %s: no CPU request or memory limit", name, c.Name)
			}
		}
	}
}

// TestSecretCarriesConnection checks that the Secret the load Job reads
// holds the connection under the variables lkbot reads.
func TestSecretCarriesConnection(t *testing.T) {
	m := readManifests(t)
	c := container(t, m.load, "lkbot")
	if len(c.EnvFrom) != 1 || c.EnvFrom[0].SecretRef == nil || c.EnvFrom[0].SecretRef.Name != m.secret.Name {
		t.Fatalf("envFrom is %+v, want the Secret %s", c.EnvFrom, m.secret.Name)
	}
	want := connectionEnv(t)
	var got []string
	for k := range m.secret.StringData {
		got = append(got, k)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("the Secret holds %v, want %v", got, want)
	}
}

// connectionEnv is the environment variables lkbot load reads its
// connection from, as its settings name them.
func connectionEnv(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, s := range load.Settings() {
		switch s.Key {
		case "url", "api_key", "api_secret":
			out = append(out, s.Env)
		}
	}
	slices.Sort(out)
	if len(out) != 3 || slices.Contains(out, "") {
		t.Fatalf("load.Settings' connection variables are %v", out)
	}
	return out
}

// TestLoadArgsAreLoadFlags checks each flag of the load Job's command
// line against lkbot load's own settings, so that a renamed flag fails
// here and not in a cluster.
func TestLoadArgsAreLoadFlags(t *testing.T) {
	m := readManifests(t)
	c := container(t, m.load, "lkbot")
	if len(c.Command) != 0 {
		t.Errorf("command is %v; leave it to the image's entrypoint (lkbot)", c.Command)
	}
	if len(c.Args) == 0 || c.Args[0] != "load" {
		t.Fatalf("args are %v, want load first", c.Args)
	}
	known := map[string]bool{"config": true}
	for _, s := range load.Settings() {
		known[s.FlagName()] = true
	}
	flags := parseFlags(t, c.Args[1:])
	for name := range flags {
		if !known[name] {
			t.Errorf("--%s is not a flag of lkbot load", name)
		}
	}
	for _, name := range []string{"config", "start-at", "report-json"} {
		if _, ok := flags[name]; !ok {
			t.Errorf("no --%s", name)
		}
	}
	if got := flags["start-at"]; got != "$(START_AT)" {
		t.Errorf("--start-at is %q, want $(START_AT)", got)
	}
	envValue(t, c, "START_AT") // Kubernetes leaves $(START_AT) as it is when the variable is not defined
	for _, ref := range regexp.MustCompile(`\$\(([A-Z_]+)\)`).FindAllStringSubmatch(strings.Join(c.Args, " "), -1) {
		if !slices.ContainsFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == ref[1] }) {
			t.Errorf("args use $(%s), which the container's env does not define", ref[1])
		}
	}
}

// parseFlags reads --name=value and --name value pairs.
func parseFlags(t *testing.T, args []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for i := 0; i < len(args); i++ {
		name, ok := strings.CutPrefix(args[i], "--")
		if !ok {
			t.Fatalf("argument %q is not a flag (lkbot load takes no positional arguments)", args[i])
		}
		name, value, hasValue := strings.Cut(name, "=")
		if !hasValue && i+1 < len(args) && !strings.HasPrefix(args[i+1], "--") {
			i++
			value = args[i]
		}
		if _, dup := out[name]; dup {
			t.Errorf("--%s is given twice", name)
		}
		out[name] = value
	}
	return out
}

// TestConfigMapIsAValidRun decodes the ConfigMap's load.yaml with lkbot
// load's own decoder, fills in what the Secret and the Job give, and
// validates the run every shard makes.
func TestConfigMapIsAValidRun(t *testing.T) {
	m := readManifests(t)
	c := container(t, m.load, "lkbot")
	flags := parseFlags(t, c.Args[1:])
	dir, file := path.Split(flags["config"])
	mount := mountAt(t, m.load.Spec.Template.Spec, path.Clean(dir))
	if mount.ConfigMap == nil || mount.ConfigMap.Name != m.config.Name {
		t.Fatalf("--config %s is not in the ConfigMap %s", flags["config"], m.config.Name)
	}
	data, ok := m.config.Data[file]
	if !ok {
		t.Fatalf("the ConfigMap has no %s", file)
	}
	cfg := load.DefaultConfig()
	if err := cfg.DecodeYAML([]byte(data)); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if cfg.Bot.URL != "" || cfg.Bot.APIKey != "" || cfg.Bot.APISecret != "" {
		t.Error("load.yaml sets the connection; it belongs in the Secret")
	}
	if cfg.Shard != "" || cfg.StartAt != "" || cfg.ReportJSON != "" {
		t.Error("load.yaml sets shard, start_at or report_json; the Job gives each shard its own")
	}
	env := map[string]string{load.EnvShardIndex: "0", load.EnvShardCount: envValue(t, c, load.EnvShardCount)}
	if err := cfg.ApplyEnvironment(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	cfg.Bot.URL = m.secret.StringData["LIVEKIT_URL"]
	cfg.Bot.APIKey = m.secret.StringData["LIVEKIT_API_KEY"]
	cfg.Bot.APISecret = m.secret.StringData["LIVEKIT_API_SECRET"]
	cfg.StartAt = "2026-12-03T10:00:00Z"
	if err := cfg.Validate(); err != nil {
		t.Fatalf("the run in %s is not valid: %v", file, err)
	}
	shards := shardCount(t, m.load)
	if perShard := (cfg.TotalBots() + shards - 1) / shards; perShard*load.DescriptorsPerBot > 1<<16 {
		t.Errorf("%d bots per shard need more open files than a container usually gets; add shards", perShard)
	}
}

// TestMergeReadsWhatShardsWrite checks that the merge Job names every
// shard's report, on the same volume, under the name the load Job writes.
func TestMergeReadsWhatShardsWrite(t *testing.T) {
	m := readManifests(t)
	loadC := container(t, m.load, "lkbot")
	written := parseFlags(t, loadC.Args[1:])["report-json"]
	if !strings.Contains(written, "$(JOB_COMPLETION_INDEX)") {
		t.Fatalf("--report-json %s does not hold $(JOB_COMPLETION_INDEX): the shards would overwrite each other", written)
	}
	mergeC := container(t, m.merge, "merge")
	if got := envValue(t, mergeC, "SHARDS"); got != strconv.Itoa(shardCount(t, m.load)) {
		t.Errorf("the merge Job's SHARDS is %s, want the load Job's completions (%d)", got, shardCount(t, m.load))
	}
	script := strings.Join(mergeC.Args, "\n")
	read := strings.ReplaceAll(written, "$(JOB_COMPLETION_INDEX)", "${i}")
	if !strings.Contains(script, read) {
		t.Errorf("the merge script does not read %s, which the load Job writes as %s", read, written)
	}
	if !strings.Contains(script, "lkbot load merge ") {
		t.Error("the merge script does not run lkbot load merge")
	}
	for _, job := range []*batchv1.Job{m.load, m.merge} {
		v := mountAt(t, job.Spec.Template.Spec, path.Dir(written))
		if v.PersistentVolumeClaim == nil || v.PersistentVolumeClaim.ClaimName != m.claim.Name {
			t.Errorf("%s: %s is not the claim %s", job.Name, path.Dir(written), m.claim.Name)
		}
	}
	if v := mountAt(t, m.copier.Spec, path.Dir(written)); v.PersistentVolumeClaim == nil || v.PersistentVolumeClaim.ClaimName != m.claim.Name {
		t.Errorf("the reports pod does not mount %s at %s", m.claim.Name, path.Dir(written))
	}
	if !slices.Contains(m.claim.Spec.AccessModes, corev1.ReadWriteMany) {
		t.Error("the reports claim is not ReadWriteMany: shards on different nodes could not all write it")
	}
}

// shardCount is the load Job's completions.
func shardCount(t *testing.T, job *batchv1.Job) int {
	t.Helper()
	if job.Spec.Completions == nil || *job.Spec.Completions < 1 {
		t.Fatalf("%s: completions is not set", job.Name)
	}
	return int(*job.Spec.Completions)
}

func container(t *testing.T, job *batchv1.Job, name string) corev1.Container {
	t.Helper()
	for _, c := range job.Spec.Template.Spec.Containers {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("%s: no container %s", job.Name, name)
	return corev1.Container{}
}

// envValue is the literal value of the container's variable name.
func envValue(t *testing.T, c corev1.Container, name string) string {
	t.Helper()
	for _, e := range c.Env {
		if e.Name == name {
			if e.ValueFrom != nil {
				t.Fatalf("container %s: %s comes from elsewhere; want a literal value", c.Name, name)
			}
			return e.Value
		}
	}
	t.Fatalf("container %s: no env %s", c.Name, name)
	return ""
}

// mountAt is the volume mounted at dir in the pod's first container.
func mountAt(t *testing.T, pod corev1.PodSpec, dir string) corev1.VolumeSource {
	t.Helper()
	for _, vm := range pod.Containers[0].VolumeMounts {
		if path.Clean(vm.MountPath) != dir {
			continue
		}
		for _, v := range pod.Volumes {
			if v.Name == vm.Name {
				return v.VolumeSource
			}
		}
		t.Fatalf("volume %s is mounted but not defined", vm.Name)
	}
	t.Fatalf("nothing is mounted at %s", dir)
	return corev1.VolumeSource{}
}

// failsJobOn reports whether the policy fails the whole Job when the
// lkbot container exits with code.
func failsJobOn(p *batchv1.PodFailurePolicy, code int32) bool {
	if p == nil {
		return false
	}
	for _, r := range p.Rules {
		if r.Action == batchv1.PodFailurePolicyActionFailJob && r.OnExitCodes != nil &&
			r.OnExitCodes.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn && slices.Contains(r.OnExitCodes.Values, code) {
			return true
		}
	}
	return false
}

// TestBotDeploymentIsOneBot checks that the bot's Deployment never runs
// two pods at once: they would share the identity and remove each other.
func TestBotDeploymentIsOneBot(t *testing.T) {
	d := readManifests(t).botDeployment
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 1 {
		t.Error("replicas is not 1: every replica would join with the one identity")
	}
	if d.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType {
		t.Errorf("strategy is %q, want Recreate: a rolling update runs the new pod beside the old", d.Spec.Strategy.Type)
	}
	if rp := d.Spec.Template.Spec.RestartPolicy; rp != "" && rp != corev1.RestartPolicyAlways {
		t.Errorf("restartPolicy is %q; a Deployment's pods restart always", rp)
	}
}

// TestBotArgsAreJoinFlags checks the bot's command line against lkbot
// join's flags as README's table documents them (cmd/lkbot's tests keep
// that table and the code in step), so that a renamed flag fails here.
func TestBotArgsAreJoinFlags(t *testing.T) {
	m := readManifests(t)
	c := podContainer(t, m.botDeployment.Spec.Template.Spec, "lkbot")
	if len(c.Command) != 0 {
		t.Errorf("command is %v; leave it to the image's entrypoint (lkbot)", c.Command)
	}
	if len(c.Args) == 0 || c.Args[0] != "join" {
		t.Fatalf("args are %v, want join first", c.Args)
	}
	known := readmeJoinFlags(t)
	flags := parseFlags(t, c.Args[1:])
	for name := range flags {
		if _, ok := known[name]; !ok {
			t.Errorf("--%s is not a flag of lkbot join (README.md's table)", name)
		}
	}
	for _, name := range []string{"config", "rejoin", "http"} {
		if _, ok := flags[name]; !ok {
			t.Errorf("no --%s", name)
		}
	}
	if _, ok := flags["http-token"]; ok {
		t.Error("--http-token is on the command line, where ps shows it; give it in its variable from a Secret")
	}
}

// TestBotProbesReachTheHTTPDoor checks that both probes ask the port
// --http listens on, on the paths that need no token, and that the token
// lkbot requires beyond loopback comes from the bot's Secret.
func TestBotProbesReachTheHTTPDoor(t *testing.T) {
	m := readManifests(t)
	c := podContainer(t, m.botDeployment.Spec.Template.Spec, "lkbot")
	addr := parseFlags(t, c.Args[1:])["http"]
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("--http %q: %v", addr, err)
	}
	for _, p := range []struct {
		name  string
		probe *corev1.Probe
		path  string
	}{
		{"livenessProbe", c.LivenessProbe, "/healthz"},
		{"readinessProbe", c.ReadinessProbe, "/readyz"},
	} {
		if p.probe == nil || p.probe.HTTPGet == nil {
			t.Errorf("no %s with httpGet", p.name)
			continue
		}
		get := p.probe.HTTPGet
		if get.Path != p.path {
			t.Errorf("%s asks %s, want %s", p.name, get.Path, p.path)
		}
		if got := containerPort(t, c, get.Port.String()); strconv.Itoa(got) != port {
			t.Errorf("%s asks port %d, but --http listens on %s", p.name, got, port)
		}
		if get.Host != "" || get.Scheme != "" && get.Scheme != corev1.URISchemeHTTP {
			t.Errorf("%s goes to %s://%s; the kubelet must ask the pod over plain HTTP", p.name, get.Scheme, get.Host)
		}
	}
	// A lost session is not a dead bot: --rejoin waits up to its longest
	// backoff, then joins within the connect timeout. Only twice that
	// without a connection restarts the pod.
	if lp := c.LivenessProbe; lp != nil {
		window := time.Duration(lp.PeriodSeconds*lp.FailureThreshold) * time.Second
		if want := 2 * (bot.DefaultRejoinMaxBackoff + bot.DefaultConnectTimeout); window < want {
			t.Errorf("livenessProbe restarts the pod after %s without a connection; a rejoin may take that long: want at least %s", window, want)
		}
	}
	if ip := net.ParseIP(host); host == "localhost" || ip != nil && ip.IsLoopback() {
		t.Fatalf("--http %s is loopback: the kubelet's probes cannot reach it", addr)
	}
	tokenEnv := readmeJoinFlags(t)["http-token"]
	if tokenEnv == "" {
		t.Fatal("README.md's table gives --http-token no environment variable")
	}
	ref := secretEnv(t, c, tokenEnv)
	if ref.Name != m.botSecret.Name || m.botSecret.StringData[ref.Key] == "" {
		t.Errorf("%s comes from %s/%s, which bot-secret.yaml (%s) does not hold", tokenEnv, ref.Name, ref.Key, m.botSecret.Name)
	}
}

// TestBotConfigIsAValidBot decodes the bot's ConfigMap with lkbot join's
// own settings, fills in what the Secret gives, and validates the bot.
func TestBotConfigIsAValidBot(t *testing.T) {
	m := readManifests(t)
	pod := m.botDeployment.Spec.Template.Spec
	c := podContainer(t, pod, "lkbot")
	if len(c.EnvFrom) != 1 || c.EnvFrom[0].SecretRef == nil || c.EnvFrom[0].SecretRef.Name != m.secret.Name {
		t.Fatalf("envFrom is %+v, want the Secret %s", c.EnvFrom, m.secret.Name)
	}
	config := parseFlags(t, c.Args[1:])["config"]
	dir, file := path.Split(config)
	if v := mountAt(t, pod, path.Clean(dir)); v.ConfigMap == nil || v.ConfigMap.Name != m.botConfig.Name {
		t.Fatalf("--config %s is not in the ConfigMap %s", config, m.botConfig.Name)
	}
	data, ok := m.botConfig.Data[file]
	if !ok {
		t.Fatalf("the ConfigMap %s has no %s", m.botConfig.Name, file)
	}
	// The bot's and recording's settings only: the CLI's (http, logging)
	// are the Deployment's args, so an unknown key here is a mistake.
	cfg := bot.DefaultConfig()
	var rec record.Config
	record.Settings().Defaults(&rec)
	if err := settings.DecodeYAML([]byte(data), bot.Settings().Fields(&cfg), record.Settings().Fields(&rec)); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if cfg.URL != "" || cfg.APIKey != "" || cfg.APISecret != "" || cfg.Token != "" {
		t.Error("bot.yaml sets the connection; it belongs in the Secret")
	}
	if cfg.Room == "" || cfg.Identity == "" {
		t.Error("bot.yaml names no room or no identity: a restarted pod would join elsewhere, or as someone else")
	}
	cfg.URL = m.secret.StringData["LIVEKIT_URL"]
	cfg.APIKey = m.secret.StringData["LIVEKIT_API_KEY"]
	cfg.APISecret = m.secret.StringData["LIVEKIT_API_SECRET"]
	if err := cfg.Validate(); err != nil {
		t.Fatalf("the bot in %s is not valid: %v", file, err)
	}
}

// readmeJoinFlags is the flag table under "### `lkbot join`" in the
// repository's README.md: each flag, without dashes, to its environment
// variable ("" for none).
func readmeJoinFlags(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := regexp.MustCompile("^\\| `--([a-z0-9-]+)[^`]*` \\| (?:`([A-Z_]+)`)? *\\|")
	flags := map[string]string{}
	in := false
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		line := lines.Text()
		switch {
		case line == "### `lkbot join`":
			in = true
		case in && strings.HasPrefix(line, "#"):
			return flags
		case in:
			if m := row.FindStringSubmatch(line); m != nil {
				flags[m[1]] = m[2]
			}
		}
	}
	if len(flags) == 0 {
		t.Fatal("README.md has no flag table under ### `lkbot join`")
	}
	return flags
}

func podContainer(t *testing.T, pod corev1.PodSpec, name string) corev1.Container {
	t.Helper()
	for _, c := range pod.Containers {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no container %s", name)
	return corev1.Container{}
}

// containerPort is the number of the container's port given by number or
// by name.
func containerPort(t *testing.T, c corev1.Container, port string) int {
	t.Helper()
	if n, err := strconv.Atoi(port); err == nil {
		return n
	}
	for _, p := range c.Ports {
		if p.Name == port {
			return int(p.ContainerPort)
		}
	}
	t.Fatalf("container %s: no port named %s", c.Name, port)
	return 0
}

// secretEnv is where the container's variable name comes from, which must
// be a Secret's key.
func secretEnv(t *testing.T, c corev1.Container, name string) *corev1.SecretKeySelector {
	t.Helper()
	for _, e := range c.Env {
		if e.Name != name {
			continue
		}
		if e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
			t.Fatalf("container %s: %s is not from a Secret", c.Name, name)
		}
		return e.ValueFrom.SecretKeyRef
	}
	t.Fatalf("container %s: no env %s", c.Name, name)
	return nil
}
