package bot

import "testing"

// TestExampleConfigs keeps the configs users copy valid.
func TestExampleConfigs(t *testing.T) {
	for _, path := range []string{"../configs/bot.yaml"} {
		cfg := DefaultConfig()
		if err := LoadConfigFile(path, &cfg); err != nil {
			t.Fatal(err)
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
}
