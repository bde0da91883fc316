package testpeer

import (
	"encoding/json"
	"testing"
)

func TestCommandJSON(t *testing.T) {
	for _, tc := range []struct {
		cmd  any
		want string
	}{
		{SendData{Payload: "hi", Topic: "t", Reliable: true}, `{"cmd":"send_data","payload":"hi","topic":"t","reliable":true}`},
		{PerformRPC{ID: "1", Destination: "bot", Method: "m", Payload: "p"}, `{"cmd":"perform_rpc","id":"1","destination":"bot","method":"m","payload":"p"}`},
		{SetVideoQuality{SID: "TR_1", Quality: "low"}, `{"cmd":"set_video_quality","sid":"TR_1","quality":"low"}`},
		{PublishVideo{}, `{"cmd":"publish_video"}`},
		{Leave{}, `{"cmd":"leave"}`},
	} {
		got, err := json.Marshal(tc.cmd)
		if err != nil || string(got) != tc.want {
			t.Errorf("Marshal(%T) = %s, %v; want %s", tc.cmd, got, err, tc.want)
		}
	}
}
