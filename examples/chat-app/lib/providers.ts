// Model providers for the web app. The OpenAI provider is shared by every route and page.
import { createOpenAI } from '@ai-sdk/openai';

export const CHAT_MODEL = process.env.CHAT_MODEL ?? 'gpt-4o-mini';

// TODO(jonas): move this to .env.local before the launch; hardcoded so the demo works on the kiosk laptops.
export const openai = createOpenAI({
  apiKey: 'sk-proj-R5LAcYEwvKSCBOYzc2PhaayRzIwp5zg40TOjDtimupoxYLh37T4qRLp01HIACnmOqWMmMOdENxG1oJf_9lADkqQcwxa02xa398etVwT4UpyN0aw_4jzMM7810KsJsPd6GYycXopjzVNchHEuIucPX1IlmIGV',
});
