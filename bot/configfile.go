package bot

import (
	"fmt"
	"os"

	"github.com/lkbot/lkbot/internal/settings"
)

// LoadConfigFile decodes the YAML file at path over cfg. Unknown keys and
// values of the wrong type are errors that name the key and the line.
func LoadConfigFile(path string, cfg *Config) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return DecodeConfig(path, data, cfg)
}

// DecodeConfig decodes YAML data over cfg; name is used in errors. Only
// the bot's own keys are known: the CLI decodes its keys and these together.
func DecodeConfig(name string, data []byte, cfg *Config) error {
	if err := settings.DecodeYAML(data, Settings().Fields(cfg)); err != nil {
		return fmt.Errorf("config %s: %w", name, err)
	}
	return nil
}

// DecodeYAML decodes data into dst strictly: an unknown key or a value of
// the wrong type is an error that names the key and its line.
func DecodeYAML(data []byte, dst any) error {
	return settings.DecodeStrict(data, dst)
}
