// The WebDriver test's client (webdriver_test.go): Selenium's official
// JavaScript bindings against WebKitWebDriver and the two-window app.
//   NODE_PATH=…/node_modules node selenium.cjs SERVER MODE APP_NAME SHOT_DIR
// MODE "launch": the driver starts the app (webkitgtk:browserOptions);
// "attach": the driver was started with --target and the app runs already.
const assert = require('node:assert/strict');
const { writeFileSync } = require('node:fs');
const { Builder, By, until } = require('selenium-webdriver');

async function main() {

const [server, mode, appName, shotDir] = process.argv.slice(2);

// A screenshot shows the last frame the window presented: wait until the
// page has painted what the checks just saw (two animation frames).
const painted = (driver) => driver.executeAsyncScript(
  'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done()));');
const caps = { browserName: appName };
if (mode === 'launch') {
  caps['webkitgtk:browserOptions'] = { binary: process.env.WEBDRIVER_APP, args: ['--automation'] };
}
const driver = await new Builder().usingServer(server).withCapabilities(caps).build();
try {
  const handles = await driver.getAllWindowHandles();
  assert.equal(handles.length, 2, 'both app windows are window handles');
  const main = await driver.getWindowHandle();
  assert.equal(await driver.getTitle(), 'Main', 'the session starts on the app\'s first window');

  // Type and click as a user, and read what a bound Go function computed.
  await driver.findElement(By.css('#n')).sendKeys('12');
  await driver.findElement(By.css('#go')).click();
  const out = await driver.findElement(By.css('#out'));
  await driver.wait(until.elementTextIs(out, 'square 144 from Go'), 10000);
  await painted(driver);
  writeFileSync(`${shotDir}/main.png`, await driver.takeScreenshot(), 'base64');

  // The other window: state that Go set.
  const second = handles.find((h) => h !== main);
  await driver.switchTo().window(second);
  assert.equal(await driver.getTitle(), 'Second');
  const greeting = await driver.findElement(By.css('#greeting'));
  await driver.wait(until.elementTextIs(greeting, 'hello from Go state'), 10000);
  await painted(driver);
  writeFileSync(`${shotDir}/second.png`, await driver.takeScreenshot(), 'base64');

  if (mode === 'launch') {
    // WebDriver's New Window: a window of its own, not an app page.
    await driver.switchTo().newWindow('window');
    assert.equal((await driver.getAllWindowHandles()).length, 3, 'New Window adds a handle');
    assert.equal(await driver.getCurrentUrl(), 'about:blank');
    assert.equal(await driver.executeScript('return typeof Gotonium?.calc'), 'undefined',
      'the new window reaches no app code');
    await driver.close();
    await driver.switchTo().window(main);
  }
  console.log('selenium: all checks passed');
} finally {
  await driver.quit();
}
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
